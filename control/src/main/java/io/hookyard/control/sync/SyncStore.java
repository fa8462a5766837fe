package io.hookyard.control.sync;

import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Syncs in PostgreSQL, always scoped by tenant. A row is read together with its connection's
 * status, which the API's {@code status} depends on.
 */
final class SyncStore {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final String SELECT =
      "select s.*, (select c.status from connections c where c.id = s.connection_id)"
          + " as connection_status from syncs s where s.tenant_id = :tenant";

  private final DatabaseClient db;

  SyncStore(DatabaseClient db) {
    this.db = db;
  }

  /** A stored sync: its configuration and what the engine last reported. */
  record Row(
      SyncConfig config,
      String engineStatus,
      String connectionStatus,
      Instant lastRunAt,
      Instant nextRunAt,
      long records,
      long errors,
      String lastError) {}

  /**
   * The vendor of the tenant's connection, or empty when the tenant has none with that id. With
   * {@code lock} the row stays share-locked to the end of the transaction, so the connection cannot
   * go while a sync is made for it.
   */
  Mono<String> connectionVendor(TenantId tenant, String connectionId, boolean lock) {
    return db.sql(
            "select vendor from connections where tenant_id = :tenant and id = :id"
                + (lock ? " for share" : ""))
        .bind("tenant", tenant.value())
        .bind("id", connectionId)
        .map(row -> row.get("vendor", String.class))
        .one();
  }

  Mono<Void> insert(SyncConfig c) {
    var spec =
        db.sql(
                "insert into syncs (id, tenant_id, connection_id, vendor, entity, interval,"
                    + " full_resync, since, settings, paused, status, created_at, updated_at)"
                    + " values (:id, :tenant, :connection, :vendor, :entity, :interval, :resync,"
                    + " :since, :settings, :paused, 'scheduled', :now, :now)")
            .bind("id", c.id().value())
            .bind("tenant", c.tenantId().value())
            .bind("connection", c.connectionId().value())
            .bind("vendor", c.vendor())
            .bind("entity", c.entity())
            .bind("interval", c.interval().toString())
            .bind("resync", c.fullResync().toString())
            .bind("settings", io.r2dbc.postgresql.codec.Json.of(Json.writeString(c.settings())))
            .bind("paused", c.paused())
            .bind("now", utc(c.createdAt()));
    spec =
        c.since() == null
            ? spec.bindNull("since", OffsetDateTime.class)
            : spec.bind("since", utc(c.since()));
    return spec.then();
  }

  Mono<Row> find(TenantId tenant, String id, boolean forUpdate) {
    return db.sql(SELECT + " and s.id = :id" + (forUpdate ? " for update" : ""))
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(SyncStore::row)
        .one();
  }

  /** A page of the tenant's syncs: those of one connection, or all when it is null. */
  Flux<Row> list(TenantId tenant, String connectionId, PageRequest page) {
    var spec =
        db.sql(
                SELECT
                    + (connectionId == null ? "" : " and s.connection_id = :connection")
                    + page.keysetSql())
            .bind("tenant", tenant.value())
            .bind("n", page.fetchSize());
    if (connectionId != null) {
      spec = spec.bind("connection", connectionId);
    }
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(SyncStore::row).all();
  }

  /** Writes what the API can change: interval, full resync, paused and a requested run. */
  Mono<Void> update(SyncConfig c, Instant now) {
    var spec =
        db.sql(
                "update syncs set interval = :interval, full_resync = :resync, paused = :paused,"
                    + " run_requested = :run, updated_at = :now"
                    + " where tenant_id = :tenant and id = :id")
            .bind("tenant", c.tenantId().value())
            .bind("id", c.id().value())
            .bind("interval", c.interval().toString())
            .bind("resync", c.fullResync().toString())
            .bind("paused", c.paused())
            .bind("now", utc(now));
    spec =
        c.runRequested() == null
            ? spec.bindNull("run", OffsetDateTime.class)
            : spec.bind("run", utc(c.runRequested()));
    return spec.then();
  }

  Mono<Boolean> delete(TenantId tenant, String id) {
    return db.sql("delete from syncs where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** Deletes the syncs of one connection; emits their ids. */
  Flux<String> deleteForConnection(TenantId tenant, String connectionId) {
    return db.sql(
            "delete from syncs where tenant_id = :tenant and connection_id = :connection"
                + " returning id")
        .bind("tenant", tenant.value())
        .bind("connection", connectionId)
        .map(row -> row.get("id", String.class))
        .all();
  }

  private static Row row(Readable r) {
    String settings = r.get("settings", io.r2dbc.postgresql.codec.Json.class).asString();
    SyncConfig config =
        new SyncConfig(
            new SyncId(r.get("id", String.class)),
            new TenantId(r.get("tenant_id", String.class)),
            new ConnectionId(r.get("connection_id", String.class)),
            r.get("vendor", String.class),
            r.get("entity", String.class),
            Duration.parse(r.get("interval", String.class)),
            Duration.parse(r.get("full_resync", String.class)),
            instant(r.get("since", OffsetDateTime.class)),
            Json.mapper().readValue(settings.getBytes(StandardCharsets.UTF_8), OBJECT),
            Boolean.TRUE.equals(r.get("paused", Boolean.class)),
            instant(r.get("created_at", OffsetDateTime.class)),
            instant(r.get("run_requested", OffsetDateTime.class)));
    return new Row(
        config,
        r.get("status", String.class),
        r.get("connection_status", String.class),
        instant(r.get("last_run_at", OffsetDateTime.class)),
        instant(r.get("next_run_at", OffsetDateTime.class)),
        r.get("records", Long.class),
        r.get("errors", Long.class),
        r.get("last_error", String.class));
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
