package io.hookyard.ingest.publish;

import io.hookyard.schemas.id.TenantId;
import reactor.core.publisher.Mono;

/**
 * Remembers, for 24 hours, which request each of a tenant's {@code Idempotency-Key}s was first used
 * with, so a key reused for a different event is refused instead of silently answered with the
 * first event's id.
 */
interface IdempotencyKeys {

  /**
   * Claims {@code key} for the request with this fingerprint and answers the fingerprint the key
   * belongs to: this one if the key is new (or its 24 hours passed), else the first request's.
   */
  Mono<String> claim(TenantId tenant, String key, String fingerprint);

  /**
   * Without PostgreSQL (an instance running only the ingest role) nothing is remembered: a reused
   * key still yields the first event's id and no second event, but a different body is not noticed.
   */
  static IdempotencyKeys unchecked() {
    return (tenant, key, fingerprint) -> Mono.just(fingerprint);
  }
}
