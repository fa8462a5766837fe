package io.hookyard.ingest.publish;

import io.hookyard.schemas.id.TenantId;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@link IdempotencyKeys} in the {@code idempotency_keys} table. One statement claims a new key or
 * one whose 24 hours passed; two racing first requests both land on the same row, so exactly one
 * fingerprint wins and the loser compares against it. The same statement deletes up to ten other
 * expired rows, so the table stays bounded by the last 24 hours of keys without a sweeper job (rows
 * it cannot lock at once are left for a later claim). The claim's {@code created_at} comes back
 * with it: the event id is derived from it, so a key claimed anew after its 24 hours stands for a
 * new event with a new id.
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
      insert into idempotency_keys (tenant_id, idempotency_key, fingerprint)
      values (:tenant, :key, :fingerprint)
      on conflict (tenant_id, idempotency_key) do update
        set fingerprint = excluded.fingerprint, created_at = now()
        where idempotency_keys.created_at < now() - interval '24 hours'
      returning fingerprint, created_at
      """;
  private static final String FIND =
      "select fingerprint, created_at from idempotency_keys"
          + " where tenant_id = :tenant and idempotency_key = :key";

  private final DatabaseClient db;

  PostgresIdempotencyKeys(DatabaseClient db) {
    this.db = db;
  }

  @Override
  public Mono<Claim> claim(TenantId tenant, String key, String fingerprint) {
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
        .map(PostgresIdempotencyKeys::toClaim)
        .one()
        .switchIfEmpty(existing);
  }

  private static Claim toClaim(Readable row) {
    return new Claim(
        row.get("fingerprint", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant());
  }
}
