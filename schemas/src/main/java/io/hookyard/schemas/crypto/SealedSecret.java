package io.hookyard.schemas.crypto;

import java.util.Objects;

/**
 * A secret encrypted with AES-256-GCM: what is stored and what travels on Kafka. Only a {@link
 * SecretBox} holding the key named by {@code keyId} can open it, so keys can rotate.
 *
 * @param ciphertext base64 of the 12-byte nonce followed by the ciphertext and tag
 */
public record SealedSecret(String keyId, String ciphertext) {
  public SealedSecret {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  @Override
  public String toString() {
    return "SealedSecret[keyId=" + keyId + "]";
  }
}
