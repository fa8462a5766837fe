package io.hookyard.control.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Dead letters in PostgreSQL, always scoped by tenant. */
final class DeadLetterStore {
  private static final String COLUMNS =
      "id, endpoint_id, webhook_id, event_id, event_type, attempts, last_status_code, last_error,"
          + " delivery, dead_at, replayed_at";

  private final DatabaseClient db;

  DeadLetterStore(DatabaseClient db) {
    this.db = db;
  }

  /** A dead letter as the API shows it; {@code payload} is the body the subscriber would get. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DeadLetterView(
      String id,
      String endpointId,
      String webhookId,
      String eventId,
      String eventType,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      @JsonRawValue String payload,
      Instant deadAt,
      Instant replayedAt) {}

  Mono<Void> insert(DeadLetter d) {
    Delivery delivery = d.delivery();
    var spec =
        db.sql(
                "insert into dead_letters (id, tenant_id, endpoint_id, webhook_id, event_id,"
                    + " event_type, attempts, last_status_code, last_error, delivery, dead_at)"
                    + " values (:id, :tenant, :endpoint, :webhook, :event, :type, :attempts,"
                    + " :status, :error, :delivery, :at) on conflict (id) do nothing")
            .bind("id", d.id())
            .bind("tenant", delivery.tenantId().value())
            .bind("endpoint", delivery.endpointId().value())
            .bind("webhook", delivery.messageId().value())
            .bind("event", delivery.eventId().value())
            .bind("type", delivery.eventType())
            .bind("attempts", delivery.attempt())
            .bind("delivery", io.r2dbc.postgresql.codec.Json.of(Json.writeString(delivery)))
            .bind("at", OffsetDateTime.ofInstant(d.deadAt(), ZoneOffset.UTC));
    spec =
        d.lastStatusCode() == null
            ? spec.bindNull("status", Integer.class)
            : spec.bind("status", d.lastStatusCode());
    spec =
        d.lastError() == null
            ? spec.bindNull("error", String.class)
            : spec.bind("error", d.lastError());
    return spec.then();
  }

  /** Newest first, optionally of one endpoint. */
  Flux<DeadLetterView> list(TenantId tenant, String endpointId, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("select " + COLUMNS + " from dead_letters where tenant_id = :tenant");
    if (endpointId != null) {
      sql.append(" and endpoint_id = :endpoint");
    }
    String cursor = page.afterId() != null ? page.afterId() : page.beforeId();
    if (page.afterId() != null) {
      sql.append(" and id < :cursor order by id desc");
    } else if (page.beforeId() != null) {
      sql.append(" and id > :cursor order by id asc");
    } else {
      sql.append(" order by id desc");
    }
    sql.append(" limit :n");
    var spec = db.sql(sql.toString()).bind("tenant", tenant.value()).bind("n", page.limit() + 1);
    if (endpointId != null) {
      spec = spec.bind("endpoint", endpointId);
    }
    if (cursor != null) {
      spec = spec.bind("cursor", cursor);
    }
    return spec.map(DeadLetterStore::view).all();
  }

  Mono<DeadLetterView> find(TenantId tenant, String id) {
    return db.sql("select " + COLUMNS + " from dead_letters where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(DeadLetterStore::view)
        .one();
  }

  /**
   * Marks one dead letter replayed and emits its delivery; empty when it does not exist or was
   * replayed already. Meant to run in the transaction that also publishes it.
   */
  Mono<Delivery> claim(TenantId tenant, String id) {
    return db.sql(
            "update dead_letters set replayed_at = now() where tenant_id = :tenant and id = :id"
                + " and replayed_at is null returning delivery")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(DeadLetterStore::delivery)
        .one();
  }

  /**
   * Marks up to {@code max} not yet replayed dead letters in a time range replayed and emits their
   * deliveries, oldest first. Rows another replay holds are skipped, so two replays never send the
   * same dead letter.
   */
  Flux<Delivery> claimRange(
      TenantId tenant, String endpointId, Instant since, Instant until, int max) {
    StringBuilder where =
        new StringBuilder("tenant_id = :tenant and replayed_at is null and dead_at >= :since");
    where.append(" and dead_at < :until");
    if (endpointId != null) {
      where.append(" and endpoint_id = :endpoint");
    }
    var spec =
        db.sql(
                "update dead_letters set replayed_at = now() where id in (select id from"
                    + " dead_letters where "
                    + where
                    + " order by id limit :max for update skip locked) returning id, delivery")
            .bind("tenant", tenant.value())
            .bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
            .bind("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
            .bind("max", max);
    if (endpointId != null) {
      spec = spec.bind("endpoint", endpointId);
    }
    return spec.map(row -> new Claimed(row.get("id", String.class), delivery(row)))
        .all()
        .sort(java.util.Comparator.comparing(Claimed::id))
        .map(Claimed::delivery);
  }

  private record Claimed(String id, Delivery delivery) {}

  private static Delivery delivery(Readable row) {
    io.r2dbc.postgresql.codec.Json json = row.get("delivery", io.r2dbc.postgresql.codec.Json.class);
    return Json.read(json.asString().getBytes(StandardCharsets.UTF_8), Delivery.class);
  }

  private static DeadLetterView view(Readable row) {
    Delivery delivery = delivery(row);
    OffsetDateTime replayed = row.get("replayed_at", OffsetDateTime.class);
    return new DeadLetterView(
        row.get("id", String.class),
        row.get("endpoint_id", String.class),
        row.get("webhook_id", String.class),
        row.get("event_id", String.class),
        row.get("event_type", String.class),
        row.get("attempts", Integer.class),
        row.get("last_status_code", Integer.class),
        row.get("last_error", String.class),
        delivery.payload(),
        row.get("dead_at", OffsetDateTime.class).toInstant(),
        replayed == null ? null : replayed.toInstant());
  }
}
