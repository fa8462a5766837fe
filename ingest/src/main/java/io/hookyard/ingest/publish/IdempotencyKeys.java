package io.hookyard.ingest.publish;

import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Remembers, for 24 hours, which request each of a tenant's {@code Idempotency-Key}s was first used
 * with, so a key reused for a different event is refused instead of silently answered with the
 * first event's id.
 */
interface IdempotencyKeys {

  /**
   * Who holds a key: the fingerprint of the request it was claimed for, and when that claim was
   * made. Every request answered from the same claim sees the same {@code claimedAt}; a key claimed
   * again after its 24 hours gets a new one, so the event it then stands for gets a new id.
   */
  record Claim(String fingerprint, Instant claimedAt) {
    public Claim {
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(claimedAt, "claimedAt");
    }
  }

  /**
   * Claims {@code key} for the request with this fingerprint and answers who holds the key: this
   * request if the key is new (or its 24 hours passed), else the first request's claim.
   */
  Mono<Claim> claim(TenantId tenant, String key, String fingerprint);

  /**
   * Without PostgreSQL (an instance running only the ingest role) nothing is remembered: a reused
   * key still yields the first event's id and no second event, but a different body is not noticed,
   * and the key never expires.
   */
  static IdempotencyKeys unchecked() {
    return (tenant, key, fingerprint) -> Mono.just(new Claim(fingerprint, Instant.EPOCH));
  }
}
