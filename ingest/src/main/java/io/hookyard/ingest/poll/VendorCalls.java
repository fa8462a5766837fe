package io.hookyard.ingest.poll;

import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Authenticated calls to one connection's vendor for a poller. The engine's implementation waits
 * for the connection's budget before each call, honours 429 and {@code Retry-After} (and the
 * vendor's remaining-quota headers) without failing, refreshes a refused token once, retries 5xx
 * answers and timeouts with backoff, and gives every call the 30 s timeout. What comes back is a
 * 2xx, or an answer the poller must judge itself ({@link #PASSED_THROUGH}); anything else fails as
 * a {@link VendorFailure} in our words.
 */
public interface VendorCalls {

  /** Statuses a poller judges itself: 404 (a deleted user's folder), 410 (an expired delta). */
  java.util.Set<Integer> PASSED_THROUGH = java.util.Set.of(404, 410);

  /**
   * Sends a request; {@code url} is absolute (a vendor's next or delta link) or a path relative to
   * the connection's base URL.
   */
  Mono<Response> send(String method, String url, Map<String, String> headers, JsonNode body);

  default Mono<Response> get(String url, Map<String, String> headers) {
    return send("GET", url, headers, null);
  }

  /** A vendor's answer: its status, its JSON body (an empty object when there was none). */
  record Response(int status, JsonNode body, Function<String, String> header) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A call that failed for good within this run, with what happened in our words. */
  final class VendorFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VendorFailure(String message) {
      super(message, null, false, false);
    }
  }
}
