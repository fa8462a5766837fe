package io.hookyard.ingest.publish;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.publish.EventDrafts.Draft;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/events}: a tenant publishes one catalog event, of a built-in type or one of
 * its own. The data is checked against the type's schema (422 naming the field) and the answer is
 * 202 only once Kafka has the event; if Kafka cannot take it the answer is 503 and nothing was
 * accepted. {@code Idempotency-Key} as {@link Idempotency} describes.
 */
@RestController
class PublishController {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final EventDrafts drafts;
  private final Idempotency idempotency;
  private final Publishing publishing;

  PublishController(EventDrafts drafts, Idempotency idempotency, Publishing publishing) {
    this.drafts = drafts;
    this.idempotency = idempotency;
    this.publishing = publishing;
  }

  record Published(String id) {}

  /**
   * Documents the route for the OpenAPI document; requests are served by {@link PublishRoute} on
   * reactor-netty ahead of WebFlux, through {@link #publish(TenantId, Draft, String)}.
   */
  @PostMapping("/api/v1/events")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Published> publish(
      Principal principal,
      @RequestBody Draft request,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
    return publish(principal.requireTenant(), request, idempotencyKey)
        .map(published -> new Published(published.value()));
  }

  /** The published event's id once Kafka has it; the API's error for anything refused. */
  Mono<EventId> publish(TenantId tenant, Draft request, String idempotencyKey) {
    if (idempotencyKey != null && !Idempotency.validKey(idempotencyKey)) {
      return Mono.error(
          ApiException.badRequest(
              "invalid_idempotency_key",
              IDEMPOTENCY_KEY + " must be 1 to " + Idempotency.MAX_KEY_LENGTH + " characters"));
    }
    return drafts
        .envelope(tenant, EventId.next(), request, "")
        .flatMap(event -> idempotency.claim(tenant, idempotencyKey, IDEMPOTENCY_KEY, event))
        .flatMap(publishing::publish);
  }
}
