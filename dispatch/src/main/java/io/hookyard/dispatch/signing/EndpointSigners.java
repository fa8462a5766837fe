package io.hookyard.dispatch.signing;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.config.PreviousSecret;
import io.hookyard.schemas.crypto.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an endpoint's sealed secrets into the signer for its next attempt: the current secret, and
 * the one it replaced while the rotation overlap lasts. A previous secret that no longer opens (an
 * encryption key retired since) costs only its own signature, never the delivery.
 */
final class EndpointSigners {
  private static final Logger log = LoggerFactory.getLogger(EndpointSigners.class);

  private EndpointSigners() {}

  /**
   * The signer for {@code endpoint}.
   *
   * @throws IllegalArgumentException when the current secret does not open or is malformed
   */
  static WebhookSigner open(EndpointConfig endpoint, SecretBox secrets) {
    WebhookSigner signer = WebhookSigner.forSecret(secrets.open(endpoint.secret()));
    PreviousSecret previous = endpoint.previousSecret();
    if (previous == null) {
      return signer;
    }
    try {
      return signer.withPrevious(secrets.open(previous.sealed()), previous.expiresAt());
    } catch (IllegalArgumentException e) {
      log.warn(
          "endpoint {}: previous signing secret unavailable, signing with the current one only ({})",
          endpoint.id(),
          e.getMessage());
      return signer;
    }
  }
}
