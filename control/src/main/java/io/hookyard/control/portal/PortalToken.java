package io.hookyard.control.portal;

import io.hookyard.http.auth.ApiKeys;
import io.hookyard.schemas.id.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a portal link: {@code hkp_<session id>.<expiry, unix seconds>.<HMAC-SHA256>}. The
 * signature (under a key derived from the encryption key, so every instance can check it) covers
 * the session id and the expiry, so neither can be changed and an expired token is refused before
 * the database is asked. The session row stays the authority for the tenant and the scope.
 */
final class PortalToken {
  static final String PREFIX = "hkp_";
  static final String SESSION_PREFIX = "pts";

  private final byte[] key;
  private final Clock clock;

  PortalToken(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  String sign(String sessionId, Instant expiresAt) {
    String payload = sessionId + "." + expiresAt.getEpochSecond();
    return PREFIX + payload + "." + signature(payload);
  }

  /** The session a token names, if it is well formed, signed by us and not expired. */
  Optional<String> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String[] parts = token.substring(PREFIX.length()).split("\\.", -1);
    if (parts.length != 3 || !Ids.isValid(SESSION_PREFIX, parts[0])) {
      return Optional.empty();
    }
    String payload = parts[0] + "." + parts[1];
    if (!ApiKeys.same(signature(payload), parts[2])) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return clock.instant().isBefore(Instant.ofEpochSecond(expires))
        ? Optional.of(parts[0])
        : Optional.empty();
  }

  private String signature(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
