package io.hookyard.control.testevent;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.view.ConfigView;
import java.util.Optional;

/**
 * Which sample a test event sends: the example of the named type (the JSON Schema's {@code
 * examples[0]}; every built-in type has one, a tenant's own type may not). With no type named, the
 * first of the endpoint's subscriptions, in the order it lists them, that names a type with an
 * example; a pattern stands for the first such type of the built-in catalog, by name.
 */
final class Samples {
  static final String FIELD = "event_type";

  /** A type and the {@code data} a test event of it carries. */
  record Sample(String type, String dataJson) {}

  private final EventCatalog catalog;
  private final ConfigView view;

  Samples(EventCatalog catalog, ConfigView view) {
    this.catalog = catalog;
    this.view = view;
  }

  /** The sample to send; 422 naming {@code event_type} when there is none. */
  Sample pick(EndpointConfig endpoint, String requested) {
    if (requested == null) {
      return byDefault(endpoint)
          .orElseThrow(
              () ->
                  ApiException.invalidField(
                      FIELD,
                      "is required: none of the endpoint's event types has an example to send"));
    }
    if (!EventTypes.isName(requested)) {
      throw ApiException.invalidField(FIELD, "must be an event type name like invoice.paid");
    }
    EventType type =
        find(endpoint.tenantId(), requested)
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        FIELD, "no event type " + requested + " in the catalog"));
    return sampleOf(type)
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    FIELD,
                    requested + " has no example to send: add one to its schema's examples"));
  }

  private Optional<Sample> byDefault(EndpointConfig endpoint) {
    for (String pattern : endpoint.eventTypes()) {
      Optional<Sample> sample =
          pattern.contains("*")
              ? catalog.all().stream()
                  .filter(t -> EventTypes.matches(pattern, t.name()))
                  .flatMap(t -> sampleOf(t).stream())
                  .findFirst()
              : find(endpoint.tenantId(), pattern).flatMap(Samples::sampleOf);
      if (sample.isPresent()) {
        return sample;
      }
    }
    return Optional.empty();
  }

  private Optional<EventType> find(TenantId tenant, String name) {
    return catalog.find(name).or(() -> view.eventType(tenant, name));
  }

  private static Optional<Sample> sampleOf(EventType type) {
    return Optional.ofNullable(type.exampleJson()).map(example -> new Sample(type.name(), example));
  }
}
