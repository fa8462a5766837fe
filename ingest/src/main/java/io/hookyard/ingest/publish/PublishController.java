package io.hookyard.ingest.publish;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/events}: a tenant publishes one catalog event. The data is checked against
 * the type's schema (422 naming the field) and the answer is 202 only once Kafka has the event; if
 * Kafka cannot take it the answer is 503 and nothing was accepted.
 */
@RestController
class PublishController {
  private static final Logger log = LoggerFactory.getLogger(PublishController.class);

  private final EventCatalog catalog;
  private final EventPublisher publisher;

  PublishController(EventCatalog catalog, EventPublisher publisher) {
    this.catalog = catalog;
    this.publisher = publisher;
  }

  /**
   * With an {@code Idempotency-Key} the event id is derived from the tenant and the key, so a
   * retried request gets the first one's id; routing drops an event id it has seen in the last 24
   * hours, so no second event is delivered.
   */
  private static EventId eventId(TenantId tenant, String idempotencyKey) {
    if (idempotencyKey == null) {
      return EventId.next();
    }
    if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      throw ApiException.badRequest(
          "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 characters");
    }
    return new EventId(Ids.derived(EventId.PREFIX, tenant.value(), "idempotency", idempotencyKey));
  }

  record PublishRequest(String type, JsonNode data, String subject) {}

  record Published(String id) {}

  @PostMapping("/api/v1/events")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<Published> publish(
      Principal principal,
      @RequestBody PublishRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    var tenant = principal.requireTenant();
    EventId id = eventId(tenant, idempotencyKey);
    if (request.type() == null || !EventTypes.isName(request.type())) {
      throw ApiException.invalidField("type", "is required and looks like resource.action");
    }
    EventType type =
        catalog
            .find(request.type())
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "type", "no event type " + request.type() + " in the catalog"));
    if (request.data() == null || !request.data().isObject()) {
      throw ApiException.invalidField("data", "is required and must be a JSON object");
    }
    if (request.subject() != null
        && (request.subject().isBlank() || request.subject().length() > 256)) {
      throw ApiException.invalidField("subject", "must be 1 to 256 characters");
    }
    String data = Json.writeString(request.data());
    List<EventType.Violation> violations = type.validate(data);
    if (!violations.isEmpty()) {
      EventType.Violation first = violations.get(0);
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "schema_violation",
          first.field() + ": " + first.message(),
          Map.of("field", first.field(), "violations", violations));
    }
    EventEnvelope event =
        new EventEnvelope(
            id,
            tenant,
            type.name(),
            request.subject(),
            Instant.now(),
            data.getBytes(StandardCharsets.UTF_8));
    return publisher
        .publish(event)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> {
              log.warn(
                  "event {} not accepted: Kafka unavailable ({})",
                  event.id(),
                  e.getClass().getSimpleName());
              return ApiException.unavailable("events cannot be stored right now; retry later");
            })
        .thenReturn(new Published(event.id().value()));
  }
}
