package io.hookyard.control.endpoint;

import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Endpoints in PostgreSQL, always scoped by tenant. */
@Component
final class EndpointStore {
  private final DatabaseClient db;

  EndpointStore(DatabaseClient db) {
    this.db = db;
  }

  Mono<Void> insert(EndpointConfig config, String description, Instant now) {
    return db.sql(
            "insert into endpoints (id, tenant_id, description, config, created_at, updated_at)"
                + " values (:id, :tenant, :description, :config, :now, :now)")
        .bind("id", config.id().value())
        .bind("tenant", config.tenantId().value())
        .bind("description", description)
        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .then();
  }

  /** One endpoint as stored, for a change: the row stays locked until the transaction ends. */
  record Stored(EndpointConfig config, String description, Instant createdAt) {}

  Mono<Stored> findForUpdate(TenantId tenant, String id) {
    return db.sql(
            "select description, config, created_at from endpoints"
                + " where tenant_id = :tenant and id = :id for update")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(
            row ->
                new Stored(
                    config(row),
                    row.get("description", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .one();
  }

  Mono<Void> update(EndpointConfig config, String description, Instant now) {
    return db.sql(
            "update endpoints set description = :description, config = :config, updated_at = :now"
                + " where tenant_id = :tenant and id = :id")
        .bind("id", config.id().value())
        .bind("tenant", config.tenantId().value())
        .bind("description", description)
        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .then();
  }

  /**
   * Writes {@code config} with the same values sealed anew: not a change the tenant made, so the
   * endpoint's {@code updated_at} stays.
   */
  Mono<Void> updateSealed(EndpointConfig config) {
    return db.sql("update endpoints set config = :config where tenant_id = :tenant and id = :id")
        .bind("id", config.id().value())
        .bind("tenant", config.tenantId().value())
        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
        .then();
  }

  Mono<EndpointView> find(TenantId tenant, String id) {
    return db.sql(
            "select description, config, created_at from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(EndpointStore::view)
        .one();
  }

  /** A page of the tenant's endpoints; only those {@code only} names when it is not null. */
  Flux<EndpointView> list(TenantId tenant, Set<String> only, PageRequest page) {
    var spec =
        db.sql(
                "select description, config, created_at from endpoints where tenant_id = :tenant"
                    + (only == null ? "" : " and id = any(:only)")
                    + page.keysetSql())
            .bind("tenant", tenant.value())
            .bind("n", page.fetchSize());
    if (only != null) {
      spec = spec.bind("only", only.toArray(String[]::new));
    }
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(EndpointStore::view).all();
  }

  Mono<Boolean> delete(TenantId tenant, String id) {
    return db.sql("delete from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  private static EndpointConfig config(Readable row) {
    io.r2dbc.postgresql.codec.Json json = row.get("config", io.r2dbc.postgresql.codec.Json.class);
    return (EndpointConfig)
        Json.read(json.asString().getBytes(StandardCharsets.UTF_8), ConfigRecord.class);
  }

  private static EndpointView view(Readable row) {
    EndpointConfig config = config(row);
    OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
    return EndpointView.of(config, row.get("description", String.class), created.toInstant(), null);
  }
}
