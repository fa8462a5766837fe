package io.hookyard.control.connection;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.sync.Syncs;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The calling tenant's connections to vendor APIs: create, list, read, change, delete. Credentials
 * are sealed on the way in and never shown again; OAuth 2.0 connections start in {@code
 * authorization_required}, token connections in {@code unchecked}. New credentials drop the tokens
 * made with the old ones.
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionController {
  private final ConnectionStore store;
  private final VendorApis vendors;
  private final SealedJson sealed;
  private final TransactionalOperator tx;
  private final AuditLog audit;
  private final Syncs syncs;

  ConnectionController(
      ConnectionStore store,
      VendorApis vendors,
      SealedJson sealed,
      TransactionalOperator tx,
      AuditLog audit,
      Syncs syncs) {
    this.store = store;
    this.vendors = vendors;
    this.sealed = sealed;
    this.tx = tx;
    this.audit = audit;
    this.syncs = syncs;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ConnectionView> create(Principal principal, @RequestBody ConnectionRequest request) {
    TenantId tenant = principal.requireTenant();
    VendorApi api = request.checkedVendor(vendors);
    ConnectionRequest.Credentials credentials = request.checkedAuth(api);
    Map<String, Object> settings = request.checkedSettings(api, Map.of());
    ConnectionRequest.requireTokenUrl(api, credentials.type(), settings);
    String name = request.checkedName(api.name());
    String id = ConnectionId.next().value();
    Instant now = Instant.now();
    ConnectionView view =
        new ConnectionView(
            id,
            api.name(),
            name,
            credentials.type(),
            settings,
            initialStatus(credentials.type()),
            null,
            null,
            ConnectionView.authorizeUrlOf(id, credentials.type()),
            now,
            now);
    return store
        .insert(tenant, view, sealed.seal(credentials.values()))
        .then(audit.record(principal, tenant, "connection.created", id))
        .as(tx::transactional)
        .thenReturn(view);
  }

  @GetMapping
  Mono<Page<ConnectionView>> list(
      Principal principal,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    return store
        .list(principal.requireTenant(), page)
        .collectList()
        .map(rows -> Page.of(rows, page, ConnectionView::id));
  }

  @GetMapping("/{id}")
  Mono<ConnectionView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id, false)
        .map(ConnectionStore.Row::view)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)));
  }

  @PatchMapping("/{id}")
  Mono<ConnectionView> patch(
      Principal principal, @PathVariable String id, @RequestBody ConnectionRequest request) {
    TenantId tenant = principal.requireTenant();
    return store
        .find(tenant, id, true)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)))
        .flatMap(row -> applyPatch(principal, tenant, row, request))
        .as(tx::transactional);
  }

  private Mono<ConnectionView> applyPatch(
      Principal principal, TenantId tenant, ConnectionStore.Row row, ConnectionRequest request) {
    ConnectionView current = row.view();
    if (request.vendor() != null && !request.vendor().equals(current.vendor())) {
      throw ApiException.invalidField("vendor", "cannot change; make a new connection");
    }
    VendorApi api =
        vendors
            .find(current.vendor())
            .orElseThrow(() -> ApiException.invalidField("vendor", "no longer supported"));
    Map<String, Object> settings = request.checkedSettings(api, current.settings());
    String name = request.checkedName(current.name());
    boolean newAuth = request.auth() != null;
    ConnectionRequest.Credentials credentials = newAuth ? request.checkedAuth(api) : null;
    SealedSecret sealedCredentials =
        newAuth ? sealed.seal(credentials.values()) : row.credentials();
    String type = newAuth ? credentials.type() : current.authType();
    ConnectionRequest.requireTokenUrl(api, type, settings);
    ConnectionView next =
        new ConnectionView(
            current.id(),
            current.vendor(),
            name,
            type,
            settings,
            newAuth ? initialStatus(type) : current.status(),
            newAuth ? null : current.lastError(),
            newAuth ? null : current.checkedAt(),
            ConnectionView.authorizeUrlOf(current.id(), type),
            current.createdAt(),
            Instant.now());
    return store
        .update(tenant, next, sealedCredentials, newAuth ? null : row.tokens())
        .then(audit.record(principal, tenant, "connection.updated", current.id()))
        .thenReturn(next);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return syncs
        .deleteForConnection(principal, tenant, id)
        .then(store.delete(tenant, id))
        .flatMap(
            deleted ->
                deleted
                    ? audit.record(principal, tenant, "connection.deleted", id)
                    : Mono.error(ApiException.notFound("connection", id)))
        .as(tx::transactional);
  }

  private static String initialStatus(String authType) {
    return VendorApi.OAUTH2.equals(authType)
        ? ConnectionView.AUTHORIZATION_REQUIRED
        : ConnectionView.UNCHECKED;
  }
}
