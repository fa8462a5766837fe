package io.hookyard.dispatch.signing;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Opens an endpoint's sealed header values at send time, and keeps them opened while they stay the
 * same, as {@link SignerCache} keeps signers: decrypted once per change, not on every attempt.
 * Values still in clear (a record of an older install not yet rewritten by control) are sent as
 * they are. Bounded: past {@code maxEndpoints} entries it starts over. The opened values live only
 * here and in the outgoing request; they are never logged.
 */
final class HeaderCache {
  private final SecretBox secrets;
  private final int maxEndpoints;
  private final ConcurrentMap<String, Opened> opened = new ConcurrentHashMap<>();

  private record Opened(
      Map<String, SealedSecret> sealed, Map<String, String> plain, Map<String, String> headers) {}

  HeaderCache(SecretBox secrets, int maxEndpoints) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    if (maxEndpoints < 1) {
      throw new IllegalArgumentException("maxEndpoints must be positive");
    }
    this.maxEndpoints = maxEndpoints;
  }

  /**
   * The extra headers to send to {@code endpoint}, values opened.
   *
   * @throws IllegalArgumentException when a value does not open (its key is not configured)
   */
  Map<String, String> headers(EndpointConfig endpoint) {
    if (endpoint.sealedHeaders().isEmpty()) {
      return endpoint.plainHeaders();
    }
    String id = endpoint.id().value();
    Opened cached = opened.get(id);
    if (cached != null
        && cached.sealed().equals(endpoint.sealedHeaders())
        && cached.plain().equals(endpoint.plainHeaders())) {
      return cached.headers();
    }
    Map<String, String> headers = new HashMap<>(endpoint.plainHeaders());
    endpoint.sealedHeaders().forEach((name, value) -> headers.put(name, secrets.open(value)));
    Map<String, String> result = Map.copyOf(headers);
    if (opened.size() >= maxEndpoints) {
      opened.clear();
    }
    opened.put(id, new Opened(endpoint.sealedHeaders(), endpoint.plainHeaders(), result));
    return result;
  }
}
