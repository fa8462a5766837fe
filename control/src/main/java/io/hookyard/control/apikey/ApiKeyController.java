package io.hookyard.control.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.ApiKeys;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ApiKeyConfig;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A tenant's API keys. A new key is shown once and stored only as its SHA-256; the data plane
 * learns of it (and of its revocation, as a tombstone) through the config outbox. Revoking answers
 * only after this process's config view dropped the key, so it fails on the very next request.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;

  ApiKeyController(
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

  record CreateKey(String name) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record KeyView(String id, String name, Instant createdAt, String apiKey) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<KeyView> create(Principal principal, @RequestBody(required = false) CreateKey request) {
    TenantId tenant = principal.requireTenant();
    String name = request == null || request.name() == null ? "" : request.name().strip();
    if (name.length() > 200) {
      throw ApiException.invalidField("name", "at most 200 characters");
    }
    ApiKeyId id = ApiKeyId.next();
    String key = ApiKeys.newKey();
    ApiKeyConfig config = new ApiKeyConfig(id, tenant, ApiKeys.hash(key));
    Instant now = Instant.now();
    return db.sql(
            "insert into api_keys (id, tenant_id, key_hash, name, created_at)"
                + " values (:id, :tenant, :hash, :name, :now)")
        .bind("id", id.value())
        .bind("tenant", tenant.value())
        .bind("hash", config.keyHash())
        .bind("name", name)
        .bind("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
        .then()
        .then(audit.record(principal, tenant, "api_key.created", id.value()))
        .then(outbox.put(config))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitVisible(seq, PROPAGATION))
        .thenReturn(new KeyView(id.value(), name, now, key));
  }

  @GetMapping
  Mono<Page<KeyView>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    var spec =
        db.sql(
                "select id, name, created_at from api_keys where tenant_id = :tenant"
                    + page.keysetSql())
            .bind("tenant", tenant.value())
            .bind("n", page.fetchSize());
    if (page.cursorId() != null) {
      spec = spec.bind("cursor", page.cursorId());
    }
    return spec.map(
            row ->
                new KeyView(
                    row.get("id", String.class),
                    row.get("name", String.class),
                    row.get("created_at", OffsetDateTime.class).toInstant(),
                    null))
        .all()
        .collectList()
        .map(rows -> Page.of(rows, page, KeyView::id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> revoke(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return db.sql("delete from api_keys where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .flatMap(
            n ->
                n > 0
                    ? audit
                        .record(principal, tenant, "api_key.revoked", id)
                        .then(outbox.remove(ConfigRecord.keyOf(tenant, id)))
                    : Mono.error(ApiException.notFound("API key", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitVisible(seq, PROPAGATION));
  }
}
