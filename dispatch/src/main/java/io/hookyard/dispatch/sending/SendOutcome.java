package io.hookyard.dispatch.sending;

import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP attempt came to. The three cases are the ones the retry policy will tell apart: the
 * endpoint took it, the endpoint answered with something else (its status and body are kept for the
 * attempt log), or no answer came at all.
 */
public sealed interface SendOutcome {

  /** From the start of the attempt until its outcome was known. */
  Duration elapsed();

  /** A 2xx answer. */
  record Delivered(int status, String responseBody, Duration elapsed) implements SendOutcome {
    public Delivered {
      if (status < 200 || status > 299) {
        throw new IllegalArgumentException("delivered means 2xx, not " + status);
      }
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * An answer other than 2xx; redirects count here because they are never followed.
   *
   * @param error {@code http_<status>}, or {@code redirect_not_followed} for a 3xx
   * @param retryAfter the endpoint's {@code Retry-After}, when it sent a valid one, else null
   */
  record Rejected(
      int status, String responseBody, String error, Duration elapsed, Duration retryAfter)
      implements SendOutcome {
    public Rejected {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(elapsed, "elapsed");
    }

    static Rejected of(int status, String responseBody, Duration elapsed, Duration retryAfter) {
      String error = status >= 300 && status < 400 ? "redirect_not_followed" : "http_" + status;
      return new Rejected(status, responseBody, error, elapsed, retryAfter);
    }
  }

  /**
   * No answer: {@code timeout}, {@code connection_refused}, {@code connect_timeout}, {@code
   * dns_error}, {@code tls_error}, {@code connection_closed}, {@code connection_error}, {@code
   * invalid_url}, {@code invalid_request}, {@code request_failed}, or, never sent, {@code
   * blocked_address} (a non-public address, see {@link WebhookSender.TargetRules}) and {@code
   * https_required}.
   */
  record Unreachable(String error, Duration elapsed) implements SendOutcome {
    public Unreachable {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }
}
