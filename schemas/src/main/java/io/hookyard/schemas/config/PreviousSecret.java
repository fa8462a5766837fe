package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import java.time.Instant;
import java.util.Objects;

/**
 * The signing secret an endpoint had before its last rotation, still signing alongside the new one
 * until {@code expiresAt}, so a subscriber can switch to the new secret without dropping a webhook.
 * Sealed like the current one.
 */
public record PreviousSecret(SealedSecret sealed, Instant expiresAt) {
  public PreviousSecret {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether it still signs at {@code time}. */
  public boolean validAt(Instant time) {
    return time.isBefore(expiresAt);
  }
}
