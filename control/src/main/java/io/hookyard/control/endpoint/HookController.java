package io.hookyard.control.endpoint;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * REST hooks as Zapier, Make and n8n subscribe and unsubscribe them. A hook is an ordinary endpoint
 * for one event type (or pattern) with the defaults, so it is listed, logged and retried like any
 * other; only the field names differ.
 */
@RestController
@RequestMapping("/api/v1/hooks")
class HookController {
  private final EndpointChanges changes;

  HookController(EndpointChanges changes) {
    this.changes = changes;
  }

  record HookRequest(String targetUrl, String event) {}

  record HookView(String id, String targetUrl, String event) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<HookView> subscribe(Principal principal, @RequestBody HookRequest request) {
    if (request.event() == null || request.event().isBlank()) {
      throw ApiException.invalidField("event", "is required: an event type, resource.* or *");
    }
    EndpointRequest endpoint =
        new EndpointRequest(
            request.targetUrl(),
            List.of(request.event()),
            "REST hook",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return Mono.defer(() -> changes.create(principal, endpoint, "target_url"))
        .onErrorMap(HookController::renameEventField)
        .map(view -> new HookView(view.id(), view.url(), request.event()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> unsubscribe(Principal principal, @PathVariable String id) {
    return changes.delete(principal, id, "hook");
  }

  /** The endpoint checks name {@code event_types[0]}; a hook's field is {@code event}. */
  private static Throwable renameEventField(Throwable e) {
    if (e instanceof ApiException api && "event_types[0]".equals(api.details().get("field"))) {
      return ApiException.invalidField(
          "event", api.getMessage().substring("event_types[0]: ".length()));
    }
    return e;
  }
}
