package io.hookyard.control.connection;

import io.hookyard.control.outbox.Outbox;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Connections in PostgreSQL, always scoped by tenant. Sealed columns leave only through {@link
 * Row}.
 */
final class ConnectionStore {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, vendor, name, auth_type, settings, credentials, tokens, status, last_error, checked_at,"
          + " created_at, updated_at, revision, tenant_id";

  private final DatabaseClient db;
  private final Outbox outbox;

  ConnectionStore(DatabaseClient db, Outbox outbox) {
    this.db = db;
    this.outbox = outbox;
  }

  /** A stored connection with its sealed parts, for this package only. */
  record Row(
      TenantId tenant,
      ConnectionView view,
      SealedSecret credentials,
      SealedSecret tokens,
      long revision) {
    @Override
    public String toString() {
      return "Row[" + view.id() + " r" + revision + "]";
    }

    ConnectionConfig config() {
      return new ConnectionConfig(
          new ConnectionId(view.id()),
          tenant,
          view.vendor(),
          view.authType(),
          view.settings(),
          credentials,
          tokens,
          view.status(),
          revision);
    }
  }

  Mono<Void> insert(TenantId tenant, ConnectionView view, SealedSecret credentials) {
    return db.sql(
            "insert into connections (id, tenant_id, vendor, name, auth_type, settings, credentials,"
                + " status, created_at, updated_at) values (:id, :tenant, :vendor, :name, :type,"
                + " :settings, :credentials, :status, :now, :now)")
        .bind("id", view.id())
        .bind("tenant", tenant.value())
        .bind("vendor", view.vendor())
        .bind("name", view.name())
        .bind("type", view.authType())
        .bind("settings", json(view.settings()))
        .bind("credentials", json(credentials))
        .bind("status", view.status())
        .bind("now", utc(view.createdAt()))
        .then()
        .then(publish(tenant, view.id()));
  }

  /**
   * Writes the connection as it now stands to the config outbox, so syncs and destinations see new
   * credentials, tokens and status; every write below calls it within the caller's transaction.
   */
  private Mono<Void> publish(TenantId tenant, String id) {
    return find(tenant, id, false)
        .flatMap(row -> outbox.put(row.config()))
        .switchIfEmpty(outbox.remove(ConfigRecord.keyOf(tenant, id)))
        .then();
  }

  Mono<Row> find(TenantId tenant, String id, boolean forUpdate) {
    return db.sql(
            "select "
                + COLUMNS
                + " from connections where tenant_id = :tenant and id = :id"
                + (forUpdate ? " for update" : ""))
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(ConnectionStore::row)
        .one();
  }

  Flux<ConnectionView> list(TenantId tenant, PageRequest page) {
    var spec =
        db.sql(
                "select "
                    + COLUMNS
                    + " from connections where tenant_id = :tenant"
                    + page.keysetSql())
            .bind("tenant", tenant.value())
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(r -> row(r).view()).all();
  }

  /**
   * Writes a changed connection back. {@code credentials} and {@code tokens} are written as given:
   * null tokens clears them (new credentials invalidate tokens made with the old ones).
   */
  Mono<Void> update(
      TenantId tenant, ConnectionView view, SealedSecret credentials, SealedSecret tokens) {
    var spec =
        db.sql(
                "update connections set name = :name, settings = :settings, auth_type = :type,"
                    + " credentials = :credentials, tokens = :tokens, status = :status,"
                    + " last_error = :error, checked_at = :checked, updated_at = :updated,"
                    + " revision = revision + 1 where tenant_id = :tenant and id = :id")
            .bind("tenant", tenant.value())
            .bind("id", view.id())
            .bind("name", view.name())
            .bind("settings", json(view.settings()))
            .bind("type", view.authType())
            .bind("credentials", json(credentials))
            .bind("status", view.status())
            .bind("updated", utc(view.updatedAt()));
    spec =
        tokens == null
            ? spec.bindNull("tokens", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("tokens", json(tokens));
    spec =
        view.lastError() == null
            ? spec.bindNull("error", String.class)
            : spec.bind("error", view.lastError());
    spec =
        view.checkedAt() == null
            ? spec.bindNull("checked", OffsetDateTime.class)
            : spec.bind("checked", utc(view.checkedAt()));
    return spec.then().then(publish(tenant, view.id()));
  }

  /**
   * Records the outcome of a check or an authorization, unless the connection changed since it was
   * read ({@code seen}: its {@code updated_at}), so a result for old credentials is dropped. Null
   * {@code tokens} keeps the stored ones.
   */
  Mono<Void> recordOutcome(
      TenantId tenant,
      String id,
      Instant seen,
      String status,
      String error,
      Instant checkedAt,
      SealedSecret tokens) {
    var spec =
        db.sql(
                "update connections set status = :status, last_error = :error, checked_at = :checked,"
                    + " tokens = coalesce(:tokens, tokens), revision = revision + 1"
                    + " where tenant_id = :tenant and id = :id and updated_at = :seen")
            .bind("tenant", tenant.value())
            .bind("id", id)
            .bind("seen", utc(seen))
            .bind("status", status)
            .bind("checked", utc(checkedAt));
    spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
    spec =
        tokens == null
            ? spec.bindNull("tokens", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("tokens", json(tokens));
    return spec.then().then(publish(tenant, id));
  }

  /**
   * Stores a token refresh's outcome for a row the caller holds locked: new tokens (null keeps the
   * stored ones), the status and error; bumps the revision and publishes.
   */
  Mono<Void> recordRefresh(
      Row row, String status, String error, Instant checkedAt, SealedSecret tokens) {
    var spec =
        db.sql(
                "update connections set status = :status, last_error = :error, checked_at = :checked,"
                    + " tokens = coalesce(:tokens, tokens), revision = revision + 1"
                    + " where tenant_id = :tenant and id = :id")
            .bind("tenant", row.tenant().value())
            .bind("id", row.view().id())
            .bind("status", status)
            .bind("checked", utc(checkedAt));
    spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
    spec =
        tokens == null
            ? spec.bindNull("tokens", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("tokens", json(tokens));
    return spec.then().then(publish(row.tenant(), row.view().id()));
  }

  /**
   * Writes the same credentials and tokens sealed anew for a row the caller holds locked, and
   * publishes it. Not a change of credentials: {@code revision} and {@code updated_at} stay, so
   * waiting refreshes and checks are not misled.
   */
  Mono<Long> updateSealed(Row row, SealedSecret credentials, SealedSecret tokens) {
    var spec =
        db.sql(
                "update connections set credentials = :credentials, tokens = :tokens"
                    + " where tenant_id = :tenant and id = :id")
            .bind("tenant", row.tenant().value())
            .bind("id", row.view().id())
            .bind("credentials", json(credentials));
    spec =
        tokens == null
            ? spec.bindNull("tokens", io.r2dbc.postgresql.codec.Json.class)
            : spec.bind("tokens", json(tokens));
    return spec.then()
        .then(
            find(row.tenant(), row.view().id(), false)
                .flatMap(fresh -> outbox.put(fresh.config())));
  }

  Mono<Boolean> delete(TenantId tenant, String id) {
    return db.sql("delete from connections where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .flatMap(n -> n > 0 ? publish(tenant, id).thenReturn(true) : Mono.just(false));
  }

  private static Row row(Readable row) {
    String id = row.get("id", String.class);
    String type = row.get("auth_type", String.class);
    ConnectionView view =
        new ConnectionView(
            id,
            row.get("vendor", String.class),
            row.get("name", String.class),
            type,
            new LinkedHashMap<>(read(row, "settings", OBJECT)),
            row.get("status", String.class),
            row.get("last_error", String.class),
            instant(row.get("checked_at", OffsetDateTime.class)),
            ConnectionView.authorizeUrlOf(id, type),
            instant(row.get("created_at", OffsetDateTime.class)),
            instant(row.get("updated_at", OffsetDateTime.class)));
    io.r2dbc.postgresql.codec.Json tokens = row.get("tokens", io.r2dbc.postgresql.codec.Json.class);
    return new Row(
        new TenantId(row.get("tenant_id", String.class)),
        view,
        sealed(row.get("credentials", io.r2dbc.postgresql.codec.Json.class)),
        tokens == null ? null : sealed(tokens),
        row.get("revision", Long.class));
  }

  private static <T> T read(Readable row, String column, TypeReference<T> type) {
    String json = row.get(column, io.r2dbc.postgresql.codec.Json.class).asString();
    return Json.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private static SealedSecret sealed(io.r2dbc.postgresql.codec.Json json) {
    return Json.read(json.asString().getBytes(StandardCharsets.UTF_8), SealedSecret.class);
  }

  static io.r2dbc.postgresql.codec.Json json(Object value) {
    return io.r2dbc.postgresql.codec.Json.of(Json.writeString(value));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
