package io.hookyard.schemas.connection;

import java.time.Instant;

/**
 * What a vendor call authenticates with: an access token (or, for webhook-URL vendors such as
 * Teams, the URL itself), the connection revision it came from — hand it back to {@link
 * ConnectionTokens#refused} after a 401 — and when it expires (null: unknown or never).
 */
public record AccessToken(String value, long revision, Instant expiresAt) {
  @Override
  public String toString() {
    return "AccessToken[r" + revision + " expires " + expiresAt + "]";
  }
}
