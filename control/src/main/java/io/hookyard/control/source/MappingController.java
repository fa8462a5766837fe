package io.hookyard.control.source;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
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
 * A source's tenant field mapping: one JSONata expression the inbound topology applies to each
 * catalog event's {@code data} from that source, after the vendor mapper (custom properties land
 * under {@code data.properties}). Stored, audit-logged and queued for {@code hookyard.config} in
 * one transaction; the answer waits briefly until the change is on the topic.
 */
@RestController
@RequestMapping("/api/v1/sources/{id}/mapping")
class MappingController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final MappingStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final AuditLog audit;

  MappingController(
      MappingStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      AuditLog audit) {
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.audit = audit;
  }

  @PutMapping
  Mono<MappingView> put(
      Principal principal, @PathVariable String id, @RequestBody MappingRequest request) {
    TenantId tenant = principal.requireTenant();
    String expression = request.checkedExpression();
    Instant now = Instant.now();
    return store
        .put(tenant, id, expression, now)
        .flatMap(
            stored ->
                stored
                    ? audit
                        .record(principal, tenant, "source.mapping_updated", id)
                        .then(
                            outbox.put(
                                new SourceMappingConfig(new SourceId(id), tenant, expression)))
                    : Mono.error(ApiException.notFound("source", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION))
        .thenReturn(new MappingView(id, expression, now));
  }

  @GetMapping
  Mono<MappingView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("mapping of source", id)));
  }

  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return store
        .delete(tenant, id)
        .flatMap(
            deleted ->
                deleted
                    ? audit
                        .record(principal, tenant, "source.mapping_deleted", id)
                        .then(outbox.remove(SourceMappingConfig.keyOf(tenant, new SourceId(id))))
                    : Mono.error(ApiException.notFound("mapping of source", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION));
  }
}
