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
 * {@code Idempotency-Key} semantics. A key is claimed together with the id of the event it stands
 * for, so a retried request gets the first one's id, and routing drops an event id it saw in the
 * last 24 hours, so no second event is delivered. Once the 24 hours passed, the key is claimed anew
 * with the new event's own id: were the id derived from the key alone, the new event would carry
 * the old one's id, and routing, which remembers ids as long as keys are held, or a subscriber
 * deduplicating on it, could drop it. A key reused within those 24 hours for a different event
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

  /**
   * The id of the event a key stands for: the one its claim holds, or, where none is kept (no
   * database, or a row claimed before ids were kept), the id derived from tenant and key.
   */
  static EventId eventId(TenantId tenant, String key, IdempotencyKeys.Claim claim) {
    return claim.eventId() != null
        ? claim.eventId()
        : new EventId(Ids.derived(EventId.PREFIX, tenant.value(), "idempotency", key));
  }

  /**
   * The event to publish: {@code event} itself without a key; with one, {@code event} under the id
   * the key stands for if the key is new (then it is {@code event}'s own id) or was first used for
   * this same event; else an error with a 422 naming {@code field}.
   */
  Mono<EventEnvelope> claim(TenantId tenant, String key, String field, EventEnvelope event) {
    if (key == null) {
      return Mono.just(event);
    }
    String fingerprint = fingerprint(event);
    return keys.claim(tenant, key, fingerprint, event.id())
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e ->
                ApiException.unavailable(
                    "idempotency keys cannot be checked right now; retry later"))
        .flatMap(
            owner ->
                owner.fingerprint().equals(fingerprint)
                    ? Mono.just(identified(event, eventId(tenant, key, owner)))
                    : Mono.error(
                        new ApiException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "idempotency_key_reused",
                            field
                                + ": this key was used in the last 24 hours for a different"
                                + " event; use a new key for a new event",
                            Map.of("field", field))));
  }

  private static EventEnvelope identified(EventEnvelope event, EventId id) {
    return new EventEnvelope(
        id, event.tenantId(), event.type(), event.subject(), event.time(), event.data());
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
