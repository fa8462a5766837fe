package io.hookyard.control.sync;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A sync's tenant field mapping, as a source has one: a JSONata expression laid over each catalog
 * event's {@code data} from that sync (vendor fields without a catalog name wait under {@code
 * data.properties}). It travels as the {@link SourceMappingConfig} of the sync's derived source id
 * ({@link SyncConfig#sourceIdOf}), so the inbound topology applies it exactly as for webhooks.
 */
@RestController
@RequestMapping("/api/v1/syncs/{id}/mapping")
class SyncMappingController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;

  SyncMappingController(
      DatabaseClient db,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      AuditLog audit) {
    this.db = db;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.audit = audit;
  }

  /** The body of {@code PUT}: one JSONata expression. */
  record MappingRequest(String expression) {}

  /** A sync's mapping as the API shows it. */
  record MappingView(String syncId, String expression, Instant updatedAt) {}

  @PutMapping
  Mono<MappingView> put(
      Principal principal, @PathVariable String id, @RequestBody MappingRequest request) {
    TenantId tenant = principal.requireTenant();
    String expression = checked(request.expression());
    Instant now = Instant.now();
    return set(tenant, id, expression, now)
        .flatMap(
            found ->
                found
                    ? audit
                        .record(principal, tenant, "sync.mapping_updated", id)
                        .then(outbox.put(new SourceMappingConfig(source(id), tenant, expression)))
                    : Mono.error(ApiException.notFound("sync", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION))
        .thenReturn(new MappingView(id, expression, now));
  }

  @GetMapping
  Mono<MappingView> get(Principal principal, @PathVariable String id) {
    return db.sql(
            "select mapping, mapping_updated_at from syncs"
                + " where tenant_id = :tenant and id = :id and mapping is not null")
        .bind("tenant", principal.requireTenant().value())
        .bind("id", id)
        .map(
            row ->
                new MappingView(
                    id,
                    row.get("mapping", String.class),
                    row.get("mapping_updated_at", OffsetDateTime.class).toInstant()))
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("mapping of sync", id)));
  }

  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return set(tenant, id, null, null)
        .flatMap(
            found ->
                found
                    ? audit
                        .record(principal, tenant, "sync.mapping_deleted", id)
                        .then(outbox.remove(SourceMappingConfig.keyOf(tenant, source(id))))
                    : Mono.error(ApiException.notFound("mapping of sync", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION));
  }

  /** Sets (or with null clears) the mapping; emits whether the tenant has such a sync. */
  private Mono<Boolean> set(TenantId tenant, String id, String expression, Instant now) {
    var spec =
        db.sql(
                "update syncs set mapping = :expression, mapping_updated_at = :now"
                    + " where tenant_id = :tenant and id = :id"
                    + (expression == null ? " and mapping is not null" : ""))
            .bind("tenant", tenant.value())
            .bind("id", id);
    spec =
        expression == null
            ? spec.bindNull("expression", String.class).bindNull("now", OffsetDateTime.class)
            : spec.bind("expression", expression)
                .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return spec.fetch().rowsUpdated().map(n -> n > 0);
  }

  private static io.hookyard.schemas.id.SourceId source(String syncId) {
    if (!io.hookyard.schemas.id.Ids.isValid(SyncId.PREFIX, syncId)) {
      throw ApiException.notFound("sync", syncId);
    }
    return SyncConfig.sourceIdOf(new SyncId(syncId));
  }

  private static String checked(String expression) {
    if (expression == null || expression.isBlank()) {
      throw ApiException.invalidField("expression", "is required");
    }
    JsonataExpression.problem(expression)
        .ifPresent(
            problem -> {
              throw ApiException.invalidField(
                  "expression", "is not a valid JSONata expression: " + problem);
            });
    return expression;
  }
}
