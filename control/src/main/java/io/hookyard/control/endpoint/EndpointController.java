package io.hookyard.control.endpoint;

import io.hookyard.http.auth.EndpointScope;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.page.Page;
import io.hookyard.http.page.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Set;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Subscriber endpoints of the calling tenant: create, list, read, change, rotate the secret,
 * delete.
 */
@RestController
@RequestMapping("/api/v1/endpoints")
class EndpointController {
  private final EndpointStore store;
  private final EndpointChanges changes;
  private final SecretRotation rotation;

  EndpointController(EndpointStore store, EndpointChanges changes, SecretRotation rotation) {
    this.store = store;
    this.changes = changes;
    this.rotation = rotation;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<EndpointView> create(Principal principal, @RequestBody EndpointRequest request) {
    return changes.create(principal, request, "url");
  }

  /** The tenant's endpoints; through a portal link limited to some, only those. */
  @GetMapping
  Mono<Page<EndpointView>> list(
      Principal principal,
      ServerWebExchange exchange,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    PageRequest page = PageRequest.of(limit, cursor);
    Set<String> only = EndpointScope.of(exchange).map(EndpointScope::endpointIds).orElse(null);
    return store
        .list(principal.requireTenant(), only, page)
        .collectList()
        .map(rows -> Page.of(rows, page, EndpointView::id));
  }

  @GetMapping("/{id}")
  Mono<EndpointView> get(Principal principal, @PathVariable String id) {
    return store
        .find(principal.requireTenant(), id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)));
  }

  @PatchMapping("/{id}")
  Mono<EndpointView> patch(
      Principal principal, @PathVariable String id, @RequestBody EndpointRequest request) {
    return changes.patch(principal, id, request);
  }

  /** A new signing secret; the previous one keeps signing too for the rotation overlap (24 h). */
  @PostMapping("/{id}/secret/rotate")
  @Operation(
      summary = "Rotate the endpoint's signing secret",
      description =
          "Answers the new whsec_ secret, shown this once. Until previous_secret_expires_at"
              + " (hookyard.control.secret-rotation-overlap, 24 h by default) every webhook"
              + " carries signatures from both secrets in webhook-signature, space-separated;"
              + " afterwards only the new one. Rotating again within that window keeps only the"
              + " most recent previous secret.")
  Mono<SecretRotation.Rotated> rotateSecret(Principal principal, @PathVariable String id) {
    return rotation.rotate(principal, id);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Principal principal, @PathVariable String id) {
    return changes.delete(principal, id, "endpoint");
  }
}
