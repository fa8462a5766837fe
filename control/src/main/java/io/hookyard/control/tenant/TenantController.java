package io.hookyard.control.tenant;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.ApiKeys;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ApiKeyConfig;
import io.hookyard.schemas.config.TenantConfig;
import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Tenants, managed with the operator key. Creating one also makes its first API key, shown once;
 * the response waits (briefly) until the key reached the data plane, so it works at once.
 */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;

  TenantController(
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

  /**
   * @param plan {@code free} (the default), {@code pro} or {@code enterprise}
   */
  record CreateTenant(String name, String plan) {}

  record TenantCreated(String id, String name, String plan, String apiKey) {}

  record TenantSummary(String id, String name, String plan, Instant createdAt) {}

  /** Every tenant, newest first: the operator console's list. */
  @GetMapping
  Mono<Page<TenantSummary>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    principal.requireOperator();
    PageRequest page = PageRequest.of(limit, cursor);
    var query =
        db.sql("select id, name, plan, created_at from tenants where true" + page.keysetSql())
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      query = query.bind("cursor", page.cursorId());
    }
    return query
        .map(
            row ->
                new TenantSummary(
                    row.get("id", String.class),
                    row.get("name", String.class),
                    row.get("plan", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .all()
        .collectList()
        .map(rows -> Page.of(rows, page, TenantSummary::id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<TenantCreated> create(Principal principal, @RequestBody CreateTenant request) {
    principal.requireOperator();
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > 200) {
      throw ApiException.invalidField("name", "must be 1 to 200 characters");
    }
    Plan plan = request.plan() == null ? Plan.FREE : Plan.checked(request.plan(), "plan");
    TenantId tenant = TenantId.next();
    ApiKeyId keyId = ApiKeyId.next();
    String key = ApiKeys.newKey();
    ApiKeyConfig config = new ApiKeyConfig(keyId, tenant, ApiKeys.hash(key));
    Mono<Long> write =
        db.sql("insert into tenants (id, name, plan) values (:id, :name, :plan)")
            .bind("id", tenant.value())
            .bind("name", name)
            .bind("plan", plan.id())
            .then()
            .then(
                db.sql(
                        "insert into api_keys (id, tenant_id, key_hash) values (:id, :tenant, :hash)")
                    .bind("id", keyId.value())
                    .bind("tenant", tenant.value())
                    .bind("hash", config.keyHash())
                    .then())
            .then(audit.record(principal, tenant, "tenant.created", tenant.value()))
            .then(audit.record(principal, tenant, "api_key.created", keyId.value()))
            .then(
                plan == Plan.FREE
                    ? Mono.<Long>empty()
                    : outbox.put(new TenantConfig(tenant, plan.apiRateLimitPerMinute(), Map.of())))
            .then(outbox.put(config));
    return write
        .as(tx::transactional)
        // a plan's limit must hold from the first request, which the rate limiter reads from the
        // config view; the key alone is looked up again by the auth filter when still unknown
        .flatMap(
            seq ->
                plan == Plan.FREE
                    ? relay.awaitPublished(seq, PROPAGATION)
                    : relay.awaitVisible(seq, PROPAGATION))
        .thenReturn(new TenantCreated(tenant.value(), name, plan.id(), key));
  }
}
