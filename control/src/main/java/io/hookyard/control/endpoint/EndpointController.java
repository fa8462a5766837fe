package io.hookyard.control.endpoint;

import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
 * Subscriber endpoints of the calling tenant. Every change is written with its outbox row in one
 * transaction; the answer waits briefly for the change to reach the data plane, so an event
 * published right after creating an endpoint is routed to it.
 */
@RestController
@RequestMapping("/api/v1/endpoints")
class EndpointController {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EndpointStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final SecretBox secrets;
  private final EventCatalog catalog;

  EndpointController(
      EndpointStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      SecretBox secrets,
      EventCatalog catalog) {
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.secrets = secrets;
    this.catalog = catalog;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<EndpointView> create(Principal principal, @RequestBody EndpointRequest request) {
    TenantId tenant = principal.requireTenant();
    String secret = newSecret();
    EndpointConfig config =
        new EndpointConfig(
            EndpointId.next(),
            tenant,
            request.checkedUrl(),
            request.checkedEventTypes(catalog),
            secrets.seal(secret),
            request.checkedHeaders(),
            request.checkedRateLimit(),
            request.checkedRetrySchedule(),
            Boolean.TRUE.equals(request.ordered()),
            false,
            request.checkedFilter(),
            request.checkedTransform());
    String description = request.checkedDescription();
    Instant now = Instant.now();
    return store
        .insert(config, description, now)
        .then(outbox.put(config))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION))
        .thenReturn(EndpointView.of(config, description, now, secret));
  }

  @GetMapping
  Mono<Page<EndpointView>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .list(principal.requireTenant(), page)
        .collectList()
        .map(rows -> Page.of(rows, page, EndpointView::id));
  }

  @GetMapping("/{id}")
  Mono<EndpointView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)));
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
                    ? outbox.remove(ConfigRecord.keyOf(tenant, id))
                    : Mono.error(ApiException.notFound("endpoint", id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION));
  }

  /** A Standard Webhooks secret: {@code whsec_} and 24 random bytes, base64. */
  private static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
