package io.hookyard.control.connection;

import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.crypto.SealedSecret;
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
          + " created_at, updated_at";

  private final DatabaseClient db;

  ConnectionStore(DatabaseClient db) {
    this.db = db;
  }

  /** A stored connection with its sealed parts, for this package only. */
  record Row(ConnectionView view, SealedSecret credentials, SealedSecret tokens) {
    @Override
    public String toString() {
      return "Row[" + view.id() + "]";
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
                    + " last_error = :error, checked_at = :checked, updated_at = :updated"
                    + " where tenant_id = :tenant and id = :id")
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
    return spec.then();
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
                    + " tokens = coalesce(:tokens, tokens)"
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
    return spec.then();
  }

  Mono<Boolean> delete(TenantId tenant, String id) {
    return db.sql("delete from connections where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
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
        view,
        sealed(row.get("credentials", io.r2dbc.postgresql.codec.Json.class)),
        tokens == null ? null : sealed(tokens));
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
