package io.hookyard.ingest.publish;

import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Remembers, for 24 hours, which request each of a tenant's {@code Idempotency-Key}s was first used
 * with and which event it stands for, so a retry gets that event's id and a key reused for a
 * different event is refused instead of silently answered with the first event's id.
 */
interface IdempotencyKeys {

  /**
   * Who holds a key: the fingerprint of the request it was claimed for, and the id of the event it
   * stands for (null when the store does not keep one: the id is then derived from the key).
   */
  record Claim(String fingerprint, EventId eventId) {
    public Claim {
      Objects.requireNonNull(fingerprint, "fingerprint");
    }
  }

  /**
   * Claims {@code key} for the request with this fingerprint and the event {@code eventId}, and
   * answers who holds the key: this request if the key is new (or its 24 hours passed), else the
   * first request's claim.
   */
  Mono<Claim> claim(TenantId tenant, String key, String fingerprint, EventId eventId);

  /**
   * Without PostgreSQL (an instance running only the ingest role) nothing is remembered: a reused
   * key still yields the first event's id (derived from the key) and no second event, but a
   * different body is not noticed, and the key never expires.
   */
  static IdempotencyKeys unchecked() {
    return (tenant, key, fingerprint, eventId) -> Mono.just(new Claim(fingerprint, null));
  }
}
