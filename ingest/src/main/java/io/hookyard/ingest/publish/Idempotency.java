package io.hookyard.ingest.publish;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} semantics. The event id is derived from the tenant and the key, so a
 * retried request gets the first one's id, and routing drops an event id it saw in the last 24
 * hours, so no second event is delivered. A key reused within those 24 hours for a different event
 * (type, subject or data differ) is refused with 422 {@code idempotency_key_reused} and nothing is
 * published, as the IETF Idempotency-Key draft recommends.
 */
final class Idempotency {
  static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyKeys keys;

  Idempotency(IdempotencyKeys keys) {
    this.keys = keys;
  }

  static boolean validKey(String key) {
    return !key.isBlank() && key.length() <= MAX_KEY_LENGTH;
  }

  /** A fresh id without a key; with one, the same id for the same tenant and key every time. */
  static EventId eventId(TenantId tenant, String key) {
    return key == null
        ? EventId.next()
        : new EventId(Ids.derived(EventId.PREFIX, tenant.value(), "idempotency", key));
  }

  /**
   * Completes if {@code key} is null, new, or was first used for this same event; else errors with
   * a 422 naming {@code field}.
   */
  Mono<Void> claim(TenantId tenant, String key, String field, EventEnvelope event) {
    if (key == null) {
      return Mono.empty();
    }
    String fingerprint = fingerprint(event);
    return keys.claim(tenant, key, fingerprint)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e ->
                ApiException.unavailable(
                    "idempotency keys cannot be checked right now; retry later"))
        .flatMap(
            owner ->
                owner.equals(fingerprint)
                    ? Mono.<Void>empty()
                    : Mono.error(
                        new ApiException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "idempotency_key_reused",
                            field
                                + ": this key was used in the last 24 hours for a different"
                                + " event; use a new key for a new event",
                            Map.of("field", field))));
  }

  static String fingerprint(EventEnvelope event) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(event.type().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      if (event.subject() != null) {
        sha.update(event.subject().getBytes(StandardCharsets.UTF_8));
      }
      sha.update((byte) 0);
      sha.update(event.data());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
