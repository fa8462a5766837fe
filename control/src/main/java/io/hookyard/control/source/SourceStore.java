package io.hookyard.control.source;

import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sources in PostgreSQL, always scoped by tenant. */
@Component
final class SourceStore {
  private final DatabaseClient db;

  SourceStore(DatabaseClient db) {
    this.db = db;
  }

  Mono<Void> insert(SourceConfig config, String name, Instant now) {
    return db.sql(
            "insert into sources (id, tenant_id, name, config, created_at)"
                + " values (:id, :tenant, :name, :config, :now)")
        .bind("id", config.id().value())
        .bind("tenant", config.tenantId().value())
        .bind("name", name)
        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .then();
  }

  /** The source's config, its row locked until the transaction ends. */
  Mono<SourceConfig> findForUpdate(TenantId tenant, String id) {
    return db.sql("select config from sources where tenant_id = :tenant and id = :id for update")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(SourceStore::config)
        .one();
  }

  /** Writes {@code config} with the same secrets sealed anew. */
  Mono<Void> updateSealed(SourceConfig config) {
    return db.sql("update sources set config = :config where tenant_id = :tenant and id = :id")
        .bind("id", config.id().value())
        .bind("tenant", config.tenantId().value())
        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
        .then();
  }

  Mono<SourceView> find(TenantId tenant, String id) {
    return db.sql(
            "select name, config, created_at from sources where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(SourceStore::view)
        .one();
  }

  Flux<SourceView> list(TenantId tenant, PageRequest page) {
    var spec =
        db.sql(
                "select name, config, created_at from sources where tenant_id = :tenant"
                    + page.keysetSql())
            .bind("tenant", tenant.value())
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(SourceStore::view).all();
  }

  Mono<Boolean> delete(TenantId tenant, String id) {
    return db.sql("delete from sources where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  private static SourceConfig config(Readable row) {
    String json = row.get("config", io.r2dbc.postgresql.codec.Json.class).asString();
    return (SourceConfig) Json.read(json.getBytes(StandardCharsets.UTF_8), ConfigRecord.class);
  }

  private static SourceView view(Readable row) {
    SourceConfig config = config(row);
    return SourceView.of(
        config,
        row.get("name", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant());
  }
}
