package io.hookyard.control.source;

import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Sources' field mappings in PostgreSQL, always scoped by tenant. */
@Component
final class MappingStore {
  private final DatabaseClient db;

  MappingStore(DatabaseClient db) {
    this.db = db;
  }

  /** Sets the mapping of the tenant's source; emits false when the tenant has no such source. */
  Mono<Boolean> put(TenantId tenant, String sourceId, String expression, Instant now) {
    return db.sql(
            "insert into source_mappings (source_id, tenant_id, expression, updated_at)"
                + " select id, tenant_id, :expression, :now from sources"
                + " where tenant_id = :tenant and id = :id"
                + " on conflict (source_id) do update"
                + " set expression = excluded.expression, updated_at = excluded.updated_at")
        .bind("tenant", tenant.value())
        .bind("id", sourceId)
        .bind("expression", expression)
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  Mono<MappingView> find(TenantId tenant, String sourceId) {
    return db.sql(
            "select source_id, expression, updated_at from source_mappings"
                + " where tenant_id = :tenant and source_id = :id")
        .bind("tenant", tenant.value())
        .bind("id", sourceId)
        .map(
            row ->
                new MappingView(
                    row.get("source_id", String.class),
                    row.get("expression", String.class),
                    row.get("updated_at", OffsetDateTime.class).toInstant()))
        .one();
  }

  Mono<Boolean> delete(TenantId tenant, String sourceId) {
    return db.sql("delete from source_mappings where tenant_id = :tenant and source_id = :id")
        .bind("tenant", tenant.value())
        .bind("id", sourceId)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }
}
