package io.hookyard.control.sync;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Every change of a sync: the row, its {@link SyncConfig} (or tombstone) in the outbox and an audit
 * entry, composed so that a caller's transaction holds all three or none. Callers run these inside
 * their transaction and kick the relay after it commits; each emits the outbox sequence to wait
 * for.
 */
public final class Syncs {
  private final SyncStore store;
  private final Outbox outbox;
  private final AuditLog audit;

  Syncs(SyncStore store, Outbox outbox, AuditLog audit) {
    this.store = store;
    this.outbox = outbox;
    this.audit = audit;
  }

  /**
   * Deletes the syncs of a connection that is being deleted, each with its tombstone on {@code
   * hookyard.config} and a {@code sync.deleted} audit entry. Call inside the connection's delete
   * transaction, before the connection row goes; the outbox relay publishes the tombstones on its
   * next tick.
   */
  public Mono<Void> deleteForConnection(Principal actor, TenantId tenant, String connectionId) {
    return store
        .deleteForConnection(tenant, connectionId)
        .concatMap(id -> removed(actor, tenant, id))
        .then();
  }

  /**
   * Makes a sync on the tenant's connection; the body is checked against the connection's vendor.
   */
  Mono<SyncStore.Row> create(Principal actor, TenantId tenant, String connectionId, JsonNode body) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return store
        .connectionVendor(tenant, connectionId, true)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", connectionId)))
        .flatMap(
            vendor -> {
              SyncRequest.Create request = SyncRequest.create(body, vendor);
              SyncConfig config =
                  new SyncConfig(
                      SyncId.next(),
                      tenant,
                      new ConnectionId(connectionId),
                      vendor,
                      request.entity(),
                      request.interval(),
                      request.fullResync(),
                      request.since(),
                      request.settings(),
                      false,
                      now,
                      null);
              return store
                  .insert(config)
                  .then(audit.record(actor, tenant, "sync.created", config.entityId()))
                  .then(outbox.put(config))
                  .then(store.find(tenant, config.entityId(), false));
            });
  }

  /** Writes {@code next} (a changed configuration of an existing sync) and publishes it. */
  Mono<Long> update(Principal actor, SyncConfig next, String action) {
    return store
        .update(next, Instant.now())
        .then(audit.record(actor, next.tenantId(), action, next.entityId()))
        .then(outbox.put(next));
  }

  Mono<Long> delete(Principal actor, TenantId tenant, String id) {
    return store
        .delete(tenant, id)
        .flatMap(
            deleted ->
                deleted
                    ? removed(actor, tenant, id)
                    : Mono.error(ApiException.notFound("sync", id)));
  }

  private Mono<Long> removed(Principal actor, TenantId tenant, String id) {
    return audit
        .record(actor, tenant, "sync.deleted", id)
        .then(
            outbox.remove(
                io.hookyard.schemas.config.SourceMappingConfig.keyOf(
                    tenant, SyncConfig.sourceIdOf(new io.hookyard.schemas.id.SyncId(id)))))
        .then(outbox.remove(ConfigRecord.keyOf(tenant, id)));
  }
}
