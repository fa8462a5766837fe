package io.hookyard.dispatch.signing;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.config.PreviousSecret;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps each endpoint's opened signer while its sealed secrets stay the same, so a busy endpoint's
 * secret is decrypted once, not on every attempt; a rotation (new sealed values) opens afresh. Its
 * sealed header values are kept opened the same way ({@link #headers}). Bounded: past {@code
 * maxEndpoints} entries it starts over, which only costs decrypting again.
 */
public final class SignerCache {
  private final SecretBox secrets;
  private final int maxEndpoints;
  private final ConcurrentMap<String, Opened> opened = new ConcurrentHashMap<>();
  private final HeaderCache headers;

  private record Opened(SealedSecret sealed, PreviousSecret previous, WebhookSigner signer) {}

  public SignerCache(SecretBox secrets, int maxEndpoints) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    if (maxEndpoints < 1) {
      throw new IllegalArgumentException("maxEndpoints must be positive");
    }
    this.maxEndpoints = maxEndpoints;
    this.headers = new HeaderCache(secrets, maxEndpoints);
  }

  /**
   * The extra headers to send to {@code endpoint}, values opened (see {@link HeaderCache}).
   *
   * @throws IllegalArgumentException when a value does not open (its key is not configured)
   */
  public Map<String, String> headers(EndpointConfig endpoint) {
    return headers.headers(endpoint);
  }

  /**
   * The signer for {@code endpoint}, as EndpointSigners#open makes it.
   *
   * @throws IllegalArgumentException when the current secret does not open or is malformed
   */
  public WebhookSigner signer(EndpointConfig endpoint) {
    String id = endpoint.id().value();
    Opened cached = opened.get(id);
    if (cached != null
        && cached.sealed().equals(endpoint.secret())
        && Objects.equals(cached.previous(), endpoint.previousSecret())) {
      return cached.signer();
    }
    WebhookSigner signer = EndpointSigners.open(endpoint, secrets);
    if (opened.size() >= maxEndpoints) {
      opened.clear();
    }
    opened.put(id, new Opened(endpoint.secret(), endpoint.previousSecret(), signer));
    return signer;
  }
}
