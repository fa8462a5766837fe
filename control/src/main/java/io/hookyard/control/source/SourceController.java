package io.hookyard.control.source;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
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
 * Inbound webhook sources of the calling tenant. A source's secrets are sealed on the way in and
 * never shown again; the answer names the {@code ingest_url} the vendor should call, and waits
 * briefly until ingest knows the source, so the vendor's first delivery is accepted.
 */
@RestController
@RequestMapping("/api/v1/sources")
class SourceController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final SourceStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final SecretBox secrets;
  private final AuditLog audit;

  SourceController(
      SourceStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      SecretBox secrets,
      AuditLog audit) {
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.secrets = secrets;
    this.audit = audit;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<SourceView> create(Principal principal, @RequestBody SourceRequest request) {
    TenantId tenant = principal.requireTenant();
    String type = request.checkedType();
    SourceConfig config =
        new SourceConfig(
            SourceId.next(),
            tenant,
            type,
            request.checkedSecrets(type).stream().map(secrets::seal).toList(),
            request.checkedSettings(),
            true);
    String name = request.checkedName();
    Instant now = Instant.now();
    return store
        .insert(config, name, now)
        .then(audit.record(principal, tenant, "source.created", config.entityId()))
        .then(outbox.put(config))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION))
        .thenReturn(SourceView.of(config, name, now));
  }

  @GetMapping
  Mono<Page<SourceView>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .list(principal.requireTenant(), page)
        .collectList()
        .map(rows -> Page.of(rows, page, SourceView::id));
  }

  @GetMapping("/{id}")
  Mono<SourceView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("source", id)));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return store
        .delete(tenant, id)
        .flatMap(
            deleted ->
                deleted
                    ? audit
                        .record(principal, tenant, "source.deleted", id)
                        .then(outbox.remove(SourceMappingConfig.keyOf(tenant, new SourceId(id))))
                        .then(outbox.remove(ConfigRecord.keyOf(tenant, id)))
                    : Mono.error(ApiException.notFound("source", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION));
  }
}
