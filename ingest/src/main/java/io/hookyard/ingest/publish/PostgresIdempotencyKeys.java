package io.hookyard.ingest.publish;

import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link IdempotencyKeys} in the {@code idempotency_keys} table. One statement claims a new key or
 * one whose 24 hours passed, together with the id of the event it then stands for; two racing first
 * requests both land on the same row, so exactly one fingerprint and event id win and the loser
 * compares against them. The same statement deletes up to ten other expired rows, so the table
 * stays bounded by the last 24 hours of keys without a sweeper job (rows it cannot lock at once are
 * left for a later claim).
 */
final class PostgresIdempotencyKeys implements IdempotencyKeys {
  private static final String CLAIM =
      """
      with swept as (
        delete from idempotency_keys where ctid in (
          select ctid from idempotency_keys
          where created_at < now() - interval '24 hours'
            and not (tenant_id = :tenant and idempotency_key = :key)
          limit 10 for update skip locked))
      insert into idempotency_keys (tenant_id, idempotency_key, fingerprint, event_id)
      values (:tenant, :key, :fingerprint, :event)
      on conflict (tenant_id, idempotency_key) do update
        set fingerprint = excluded.fingerprint, event_id = excluded.event_id, created_at = now()
        where idempotency_keys.created_at < now() - interval '24 hours'
      returning fingerprint, event_id
      """;
  private static final String FIND =
      "select fingerprint, event_id from idempotency_keys"
          + " where tenant_id = :tenant and idempotency_key = :key";

  private final DatabaseClient db;

  PostgresIdempotencyKeys(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Claim> claim(TenantId tenant, String key, String fingerprint, EventId eventId) {
    Mono<Claim> existing =
        db.sql(FIND)
            .bind("tenant", tenant.value())
            .bind("key", key)
            .map(PostgresIdempotencyKeys::toClaim)
            .one();
    return db.sql(CLAIM)
        .bind("tenant", tenant.value())
        .bind("key", key)
        .bind("fingerprint", fingerprint)
        .bind("event", eventId.value())
        .map(PostgresIdempotencyKeys::toClaim)
        .one()
        .switchIfEmpty(existing);
  }

  /** A row claimed before event ids were kept has none: its id is derived from the key. */
  private static Claim toClaim(Readable row) {
    String eventId = row.get("event_id", String.class);
    return new Claim(
        row.get("fingerprint", String.class), eventId == null ? null : new EventId(eventId));
  }
}
