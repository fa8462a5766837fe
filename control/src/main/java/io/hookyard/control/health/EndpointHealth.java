package io.hookyard.control.health;

import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies what attempts say about an endpoint's health. Control owns endpoints, so dispatch only
 * records facts (attempts on {@code hookyard.attempts}) and this class, fed by the attempt sink in
 * partition order, turns them into state: a success resets the endpoint's run of failures, a
 * failure extends it, and a 410 Gone or a run of {@code disableAfter} failures disables it.
 *
 * <p>Disabling writes the endpoint, its outbox row (so dispatch and routing see it through {@code
 * hookyard.config}) and publishes an {@code endpoint.disabled} event to the tenant, all in one
 * transaction that commits after Kafka has the event. The event's id derives from the attempt, so
 * an attempt applied twice after a crash yields the same event id; the run counter may then count
 * one failure twice, which only disables a little early.
 */
public final class EndpointHealth {
  static final String EVENT_TYPE = "endpoint.disabled";
  private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

  /** Errors where no request reached the endpoint: they say nothing about its health. */
  private static final Set<String> NOT_SENT =
      Set.of("endpoint_not_found", "endpoint_disabled", "secret_unavailable", "internal_error");

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final TenantEvents events;
  private final int disableAfter;

  EndpointHealth(
      DatabaseClient db,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      TenantEvents events,
      int disableAfter) {
    this.db = db;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.events = events;
    this.disableAfter = disableAfter;
  }

  /** Applies {@code attempts} in order; completes when all are applied. */
  public Mono<Void> apply(List<Attempt> attempts) {
    return Flux.fromIterable(steps(attempts)).concatMap(this::apply).then();
  }

  /**
   * The attempts that can change an endpoint's state, in order: those that reached it, minus each
   * success that follows another success of the same endpoint (its run of failures is already
   * reset). A busy healthy endpoint then costs one statement per batch, not one per attempt.
   */
  static List<Attempt> steps(List<Attempt> attempts) {
    Map<String, Boolean> lastSucceeded = new HashMap<>();
    List<Attempt> steps = new ArrayList<>();
    for (Attempt a : attempts) {
      if (!a.succeeded() && a.error() != null && NOT_SENT.contains(a.error())) {
        continue;
      }
      String endpoint = a.tenantId().value() + "/" + a.endpointId().value();
      Boolean previous = lastSucceeded.put(endpoint, a.succeeded());
      if (!(a.succeeded() && Boolean.TRUE.equals(previous))) {
        steps.add(a);
      }
    }
    return steps;
  }

  private Mono<Void> apply(Attempt a) {
    if (a.succeeded()) {
      return db.sql(
              "update endpoints set consecutive_failures = 0"
                  + " where id = :id and tenant_id = :tenant and consecutive_failures <> 0")
          .bind("id", a.endpointId().value())
          .bind("tenant", a.tenantId().value())
          .then();
    }
    return db.sql(
            "update endpoints set consecutive_failures = consecutive_failures + 1"
                + " where id = :id and tenant_id = :tenant returning consecutive_failures")
        .bind("id", a.endpointId().value())
        .bind("tenant", a.tenantId().value())
        .map(row -> row.get("consecutive_failures", Integer.class))
        .one()
        .flatMap(
            failures -> {
              boolean gone = a.statusCode() != null && a.statusCode() == 410;
              if (gone) {
                return disable(a, "gone", failures);
              }
              return failures >= disableAfter
                  ? disable(a, "consecutive_failures", failures)
                  : Mono.empty();
            });
  }

  private Mono<Void> disable(Attempt a, String reason, int failures) {
    Mono<Void> once =
        db.sql(
                "select config from endpoints where id = :id and tenant_id = :tenant"
                    + " and disabled_at is null for update")
            .bind("id", a.endpointId().value())
            .bind("tenant", a.tenantId().value())
            .map(row -> row.get("config", io.r2dbc.postgresql.codec.Json.class))
            .one()
            .map(json -> disabled(json.asString()))
            .flatMap(
                config ->
                    db.sql(
                            "update endpoints set config = :config, disabled_at = :now,"
                                + " disabled_reason = :reason, updated_at = :now where id = :id")
                        .bind("config", io.r2dbc.postgresql.codec.Json.of(Json.writeString(config)))
                        .bind("now", OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC))
                        .bind("reason", reason)
                        .bind("id", config.id().value())
                        .then()
                        .then(outbox.put(config))
                        .then(events.publish(event(a, reason, failures)))
                        .doOnSuccess(
                            v ->
                                log.info(
                                    "endpoint {} disabled: {} after {} failures in a row",
                                    config.id(),
                                    reason,
                                    failures)))
            .as(tx::transactional);
    return once.doOnSuccess(v -> relay.kick());
  }

  private static EndpointConfig disabled(String json) {
    EndpointConfig c =
        (EndpointConfig) Json.read(json.getBytes(StandardCharsets.UTF_8), ConfigRecord.class);
    return c.withDisabled(true);
  }

  static EventEnvelope event(Attempt a, String reason, int failures) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("endpoint_id", a.endpointId().value());
    data.put("reason", reason);
    data.put("consecutive_failures", failures);
    return new EventEnvelope(
        new EventId(Ids.derived(EventId.PREFIX, EVENT_TYPE, a.id())),
        a.tenantId(),
        EVENT_TYPE,
        a.endpointId().value(),
        Instant.now(),
        Json.writeString(data).getBytes(StandardCharsets.UTF_8));
  }
}
