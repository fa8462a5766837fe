package io.hookyard.schemas.connection;

import java.time.Instant;

/**
 * What a vendor call authenticates with: an access token (or, for webhook-URL vendors such as
 * Teams, the URL itself), the connection revision it came from — hand it back to {@link
 * ConnectionTokens#refused} after a 401 — and when it expires (null: unknown or never). {@code
 * instanceUrl} is the API host the token answer named, for vendors whose host differs per customer
 * and is told only there (Salesforce's {@code instance_url}); null for the others.
 */
public record AccessToken(String value, long revision, Instant expiresAt, String instanceUrl) {
  public AccessToken(String value, long revision, Instant expiresAt) {
    this(value, revision, expiresAt, null);
  }

  @Override
  public String toString() {
    return "AccessToken[r" + revision + " expires " + expiresAt + "]";
  }
}
