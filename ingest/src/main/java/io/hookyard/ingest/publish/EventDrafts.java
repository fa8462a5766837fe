package io.hookyard.ingest.publish;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.view.ConfigView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Turns what a tenant asked to publish into an event envelope, or into the 422 that names the
 * failing field. Field names carry a prefix so a batch can say {@code events[3].data.amount}. The
 * type is a built-in one or the tenant's own from the config view, never PostgreSQL.
 */
@Component
class EventDrafts {
  private static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final EventCatalog catalog;
  private final ConfigView view;

  EventDrafts(EventCatalog catalog, ConfigView view) {
    this.catalog = catalog;
    this.view = view;
  }

  /** One event as asked for: {@code data} is any JSON, checked here rather than by the decoder. */
  record Draft(String type, JsonNode data, String subject) {}

  /** The envelope to publish; an {@link ApiException} naming {@code prefix + field} if invalid. */
  Mono<EventEnvelope> envelope(TenantId tenant, EventId id, Draft draft, String prefix) {
    if (draft.type() == null || !EventTypes.isName(draft.type())) {
      return Mono.error(
          ApiException.invalidField(prefix + "type", "is required and looks like resource.action"));
    }
    return type(tenant, draft.type())
        .switchIfEmpty(
            Mono.error(
                () ->
                    ApiException.invalidField(
                        prefix + "type", "no event type " + draft.type() + " in the catalog")))
        .flatMap(type -> Mono.fromCallable(() -> envelope(tenant, id, type, draft, prefix)));
  }

  /**
   * A built-in type, or one of the tenant's own from the config view; a name the view does not know
   * is looked up again once the view caught up, so a type works the moment its creation returned.
   */
  private Mono<EventType> type(TenantId tenant, String name) {
    Optional<EventType> known = catalog.find(name).or(() -> view.eventType(tenant, name));
    if (known.isPresent()) {
      return Mono.just(known.get());
    }
    return Mono.fromFuture(() -> view.catchUp(CATCH_UP))
        .onErrorResume(e -> Mono.empty())
        .then(Mono.fromSupplier(() -> view.eventType(tenant, name)))
        .flatMap(Mono::justOrEmpty);
  }

  private static EventEnvelope envelope(
      TenantId tenant, EventId id, EventType type, Draft draft, String prefix) {
    if (draft.data() == null || !draft.data().isObject()) {
      throw ApiException.invalidField(prefix + "data", "is required and must be a JSON object");
    }
    if (draft.subject() != null && (draft.subject().isBlank() || draft.subject().length() > 256)) {
      throw ApiException.invalidField(prefix + "subject", "must be 1 to 256 characters");
    }
    String data = Json.writeString(draft.data());
    List<EventType.Violation> violations = type.validate(data);
    if (!violations.isEmpty()) {
      List<EventType.Violation> named =
          violations.stream()
              .map(v -> new EventType.Violation(prefix + v.field(), v.message()))
              .toList();
      EventType.Violation first = named.get(0);
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "schema_violation",
          first.field() + ": " + first.message(),
          Map.of("field", first.field(), "violations", named));
    }
    return new EventEnvelope(
        id,
        tenant,
        type.name(),
        draft.subject(),
        Instant.now(),
        data.getBytes(StandardCharsets.UTF_8));
  }
}
