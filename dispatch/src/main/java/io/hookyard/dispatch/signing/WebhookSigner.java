package io.hookyard.dispatch.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outgoing webhooks the Standard Webhooks way, so subscribers verify them with that
 * specification's libraries: {@code v1,} followed by the base64 HMAC-SHA256 of {@code
 * <webhook-id>.<webhook-timestamp>.<body>} under the endpoint's key.
 *
 * <p>An endpoint's secret is {@code whsec_} followed by the base64 of the key bytes (the prefix is
 * optional on input, as in the reference libraries). The key never leaves this object: {@link
 * #toString()} does not print it.
 *
 * <p>While a rotated-out secret is still valid, an attempt carries both signatures, space-separated
 * and the current one first, as the specification allows; whether the previous one is still valid
 * is judged by the attempt's own timestamp, so a retry after the overlap is signed once.
 */
public final class WebhookSigner {
  /** The prefix of a Standard Webhooks secret. */
  public static final String SECRET_PREFIX = "whsec_";

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte DOT = '.';

  /** A Mac is not thread-safe, and looking one up costs more than a signature: one per thread. */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
            }
          });

  private final SecretKeySpec key;
  private final SecretKeySpec previousKey;
  private final Instant previousUntil;

  private WebhookSigner(SecretKeySpec key, SecretKeySpec previousKey, Instant previousUntil) {
    this.key = key;
    this.previousKey = previousKey;
    this.previousUntil = previousUntil;
  }

  /**
   * A signer for {@code secret} ({@code whsec_<base64 key>}).
   *
   * @throws IllegalArgumentException when the secret is not of that form
   */
  public static WebhookSigner forSecret(String secret) {
    return new WebhookSigner(keyOf(secret), null, null);
  }

  /**
   * This signer, also signing with {@code previousSecret} for attempts stamped before {@code
   * until}. Replaces any previous secret this signer had: only the most recent one is kept.
   *
   * @throws IllegalArgumentException when the secret is not of the {@code whsec_} form
   */
  public WebhookSigner withPrevious(String previousSecret, Instant until) {
    return new WebhookSigner(key, keyOf(previousSecret), Objects.requireNonNull(until, "until"));
  }

  private static SecretKeySpec keyOf(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a signing secret is required");
    }
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      // never echo the secret, not even in an exception message
      throw new IllegalArgumentException("the signing secret is not base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("the signing key is empty");
    }
    return new SecretKeySpec(key, ALGORITHM);
  }

  /**
   * The {@code webhook-signature} header value for one attempt: {@code v1,<sig>}, or {@code
   * v1,<sig-current> v1,<sig-previous>} while the previous secret is valid at {@code timestamp}.
   *
   * @param webhookId the {@code webhook-id} header value
   * @param timestamp the {@code webhook-timestamp} header value, in unix seconds
   * @param body the exact bytes of the request body
   */
  public String sign(String webhookId, long timestamp, byte[] body) {
    String current = sign(key, webhookId, timestamp, body);
    if (previousKey == null || !Instant.ofEpochSecond(timestamp).isBefore(previousUntil)) {
      return current;
    }
    return current + " " + sign(previousKey, webhookId, timestamp, body);
  }

  private static String sign(SecretKeySpec key, String webhookId, long timestamp, byte[] body) {
    Mac mac = mac(key);
    mac.update(webhookId.getBytes(StandardCharsets.UTF_8));
    mac.update(DOT);
    mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
    mac.update(DOT);
    mac.update(body);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
  }

  private static Mac mac(SecretKeySpec key) {
    try {
      Mac mac = MACS.get();
      mac.init(key); // also resets whatever an earlier signature left
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return previousKey == null
        ? "WebhookSigner[key=hidden]"
        : "WebhookSigner[key=hidden, previous key=hidden until " + previousUntil + "]";
  }
}
