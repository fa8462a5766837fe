package io.hookyard.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatch role's settings, under {@code hookyard.dispatch}. Checked when bound, so a bad value
 * stops start-up instead of surfacing at the first delivery.
 *
 * @param timeout the whole deadline of one webhook attempt (connect, send, answer); default 10 s
 * @param concurrency deliveries in flight at once, and open connections per endpoint host; default
 *     256
 * @param configCatchUp how long a delivery for an endpoint not (yet) in the configuration view
 *     waits for the view to catch up before the endpoint counts as deleted; default 5 s
 * @param maxDeferredCommits acknowledged deliveries that may wait behind an unfinished one before
 *     consumption pauses; at least {@code concurrency}; default 16 times {@code concurrency}
 * @param throttleFloor the least a retry waits after a 429 or a timeout; default 60 s
 * @param maxRetryAfter the most of an endpoint's {@code Retry-After} that is honoured; default 1 h
 * @param allowPrivateTargets whether webhooks may connect to loopback, private, link-local,
 *     multicast and other non-public addresses; checked on the address each attempt connects to
 *     (control reads the same property for its check at creation); default false, true in embedded
 *     mode
 * @param httpsOnly whether {@code http://} endpoints are refused at delivery ({@code
 *     https_required}); default false
 */
@Validated
@ConfigurationProperties("hookyard.dispatch")
public record DispatchSettings(
    Duration timeout,
    int concurrency,
    Duration configCatchUp,
    int maxDeferredCommits,
    Duration throttleFloor,
    Duration maxRetryAfter,
    boolean allowPrivateTargets,
    boolean httpsOnly) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_CONCURRENCY = 256;
  public static final Duration DEFAULT_CONFIG_CATCH_UP = Duration.ofSeconds(5);
  public static final Duration DEFAULT_THROTTLE_FLOOR = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

  public DispatchSettings {
    timeout = timeout == null ? DEFAULT_TIMEOUT : positive(timeout, "timeout");
    concurrency = concurrency == 0 ? DEFAULT_CONCURRENCY : concurrency;
    if (concurrency < 1) {
      throw new IllegalArgumentException("hookyard.dispatch.concurrency must be positive");
    }
    configCatchUp =
        configCatchUp == null
            ? DEFAULT_CONFIG_CATCH_UP
            : positive(configCatchUp, "config-catch-up");
    maxDeferredCommits = maxDeferredCommits == 0 ? 16 * concurrency : maxDeferredCommits;
    if (maxDeferredCommits < concurrency) {
      throw new IllegalArgumentException(
          "hookyard.dispatch.max-deferred-commits must be at least hookyard.dispatch.concurrency");
    }
    throttleFloor =
        throttleFloor == null ? DEFAULT_THROTTLE_FLOOR : positive(throttleFloor, "throttle-floor");
    maxRetryAfter =
        maxRetryAfter == null
            ? DEFAULT_MAX_RETRY_AFTER
            : positive(maxRetryAfter, "max-retry-after");
  }

  /** All defaults. */
  public static DispatchSettings defaults() {
    return new DispatchSettings(null, 0, null, 0, null, null, false, false);
  }

  private static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("hookyard.dispatch." + name + " must be positive");
    }
    return value;
  }
}
