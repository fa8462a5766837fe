package io.hookyard.control.sync;

import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.TenantId;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The calling tenant's syncs: made on a connection, read, changed, run now, deleted. Control only
 * keeps their configuration and publishes it on {@code hookyard.config}; the ingest role runs them
 * and reports their runs, which {@link SyncRunSink} writes back here. Every change commits with its
 * outbox row and audit entry, and the relay is kicked once it has.
 */
@RestController
class SyncController {
  private final SyncStore store;
  private final Syncs syncs;
  private final TransactionalOperator tx;
  private final OutboxRelay relay;

  SyncController(SyncStore store, Syncs syncs, TransactionalOperator tx, OutboxRelay relay) {
    this.store = store;
    this.syncs = syncs;
    this.tx = tx;
    this.relay = relay;
  }

  /** The answer of {@code POST /syncs/{id}/run}: which sync, and the time the run was asked for. */
  record RunRequested(String id, Instant runRequestedAt) {}

  @PostMapping("/api/v1/connections/{id}/syncs")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<SyncView> create(
      Principal principal,
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = SyncRequest.CreateBody.class)))
          @RequestBody
          JsonNode body) {
    TenantId tenant = principal.requireTenant();
    return syncs
        .create(principal, tenant, id, body)
        .as(tx::transactional)
        .doOnSuccess(row -> relay.kick())
        .map(SyncView::of);
  }

  @GetMapping("/api/v1/connections/{id}/syncs")
  Mono<Page<SyncView>> list(
      Principal principal,
      @PathVariable String id,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .connectionVendor(tenant, id, false)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)))
        .flatMap(vendor -> store.list(tenant, id, page).map(SyncView::of).collectList())
        .map(rows -> Page.of(rows, page, SyncView::id));
  }

  /** Every sync of the tenant, across its connections, as the console's syncs page lists them. */
  @GetMapping("/api/v1/syncs")
  Mono<Page<SyncView>> listAll(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    TenantId tenant = principal.requireTenant();
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .list(tenant, null, page)
        .map(SyncView::of)
        .collectList()
        .map(rows -> Page.of(rows, page, SyncView::id));
  }

  @GetMapping("/api/v1/syncs/{id}")
  Mono<SyncView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id, false)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("sync", id)))
        .map(SyncView::of);
  }

  @PatchMapping("/api/v1/syncs/{id}")
  Mono<SyncView> patch(
      Principal principal,
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(implementation = SyncRequest.PatchBody.class)))
          @RequestBody
          JsonNode body) {
    TenantId tenant = principal.requireTenant();
    return store
        .find(tenant, id, true)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("sync", id)))
        .flatMap(
            row -> {
              SyncRequest.Patch patch = SyncRequest.patch(body);
              SyncConfig c = row.config();
              SyncConfig next =
                  new SyncConfig(
                      c.id(),
                      c.tenantId(),
                      c.connectionId(),
                      c.vendor(),
                      c.entity(),
                      patch.interval() == null ? c.interval() : patch.interval(),
                      patch.fullResync() == null ? c.fullResync() : patch.fullResync(),
                      c.since(),
                      c.settings(),
                      patch.paused() == null ? c.paused() : patch.paused(),
                      c.createdAt(),
                      c.runRequested());
              return syncs
                  .update(principal, next, "sync.updated")
                  .then(store.find(tenant, id, false));
            })
        .as(tx::transactional)
        .doOnSuccess(row -> relay.kick())
        .map(SyncView::of);
  }

  /**
   * Asks for a run now by publishing the sync with a new {@code run_requested}; the engine runs
   * once per new value, and not while a run is under way. A paused sync does not run: 409.
   */
  @PostMapping("/api/v1/syncs/{id}/run")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<RunRequested> run(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return store
        .find(tenant, id, true)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("sync", id)))
        .flatMap(
            row -> {
              SyncConfig c = row.config();
              if (c.paused()) {
                return Mono.error(
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "sync_paused",
                        "the sync is paused; resume it with PATCH {\"paused\": false} first",
                        Map.of("id", id)));
              }
              SyncConfig next =
                  new SyncConfig(
                      c.id(),
                      c.tenantId(),
                      c.connectionId(),
                      c.vendor(),
                      c.entity(),
                      c.interval(),
                      c.fullResync(),
                      c.since(),
                      c.settings(),
                      c.paused(),
                      c.createdAt(),
                      now);
              return syncs.update(principal, next, "sync.run_requested");
            })
        .as(tx::transactional)
        .doOnSuccess(seq -> relay.kick())
        .thenReturn(new RunRequested(id, now));
  }

  @DeleteMapping("/api/v1/syncs/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    return syncs
        .delete(principal, principal.requireTenant(), id)
        .as(tx::transactional)
        .doOnSuccess(seq -> relay.kick())
        .then();
  }
}
