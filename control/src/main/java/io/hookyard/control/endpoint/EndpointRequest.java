package io.hookyard.control.endpoint;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The body of {@code POST /api/v1/endpoints} and {@code PATCH /api/v1/endpoints/{id}}, checked
 * field by field: each failure is a 422 that names the field. In a PATCH an absent (or null) field
 * keeps its value. The URL is checked by {@link TargetPolicy}, which may need DNS.
 */
record EndpointRequest(
    String url,
    List<String> eventTypes,
    String description,
    Integer rateLimitPerMinute,
    Map<String, String> headers,
    String filter,
    String transform,
    List<String> retrySchedule,
    Boolean ordered,
    Boolean disabled) {

  static final List<String> DEFAULT_RETRY_SCHEDULE = List.of("PT1M", "PT5M", "PT30M");
  static final int DEFAULT_RATE_LIMIT = 100;

  /** A new endpoint from this request, defaults filled in. */
  EndpointConfig create(
      EndpointId id, TenantId tenant, URI url, SealedSecret secret, Predicate<String> knownType) {
    return new EndpointConfig(
        id,
        tenant,
        url,
        checkedEventTypes(knownType),
        secret,
        checkedHeaders(),
        checkedRateLimit(),
        checkedRetrySchedule(),
        Boolean.TRUE.equals(ordered),
        Boolean.TRUE.equals(disabled),
        checkedExpression("filter", filter),
        checkedExpression("transform", transform));
  }

  /**
   * {@code current} with every field this request names replaced; id and secrets (a previous one
   * still in its rotation overlap included) are kept.
   */
  EndpointConfig patch(EndpointConfig current, URI url, Predicate<String> knownType) {
    return new EndpointConfig(
        current.id(),
        current.tenantId(),
        url == null ? current.url() : url,
        eventTypes == null ? current.eventTypes() : checkedEventTypes(knownType),
        current.secret(),
        headers == null ? current.headers() : checkedHeaders(),
        rateLimitPerMinute == null ? current.rateLimitPerMinute() : checkedRateLimit(),
        retrySchedule == null ? current.retrySchedule() : checkedRetrySchedule(),
        ordered == null ? current.ordered() : ordered,
        disabled == null ? current.disabled() : disabled,
        filter == null ? current.filter() : checkedExpression("filter", filter),
        transform == null ? current.transform() : checkedExpression("transform", transform),
        current.previousSecret());
  }

  /**
   * Subscription patterns; an exact name must be a built-in or one of the tenant's own types.
   * Errors name the element, for example {@code event_types[1]} (a REST hook renames it).
   */
  private List<String> checkedEventTypes(Predicate<String> knownType) {
    List<String> types = eventTypes == null || eventTypes.isEmpty() ? List.of("*") : eventTypes;
    if (types.size() > 100) {
      throw ApiException.invalidField("event_types", "at most 100 patterns");
    }
    for (int i = 0; i < types.size(); i++) {
      String type = types.get(i);
      String element = "event_types[" + i + "]";
      if (!EventTypes.isPattern(type)) {
        throw ApiException.invalidField(element, "use an event type, resource.* or *");
      }
      if (!type.contains("*") && !knownType.test(type)) {
        throw ApiException.invalidField(element, "no event type " + type + " in the catalog");
      }
    }
    return List.copyOf(types);
  }

  int checkedRateLimit() {
    int limit = rateLimitPerMinute == null ? DEFAULT_RATE_LIMIT : rateLimitPerMinute;
    if (limit < 1 || limit > 1_000_000) {
      throw ApiException.invalidField("rate_limit_per_minute", "must be between 1 and 1000000");
    }
    return limit;
  }

  List<Duration> checkedRetrySchedule() {
    List<String> schedule = retrySchedule == null ? DEFAULT_RETRY_SCHEDULE : retrySchedule;
    if (schedule.size() > 20) {
      throw ApiException.invalidField("retry_schedule", "at most 20 retries");
    }
    return schedule.stream().map(EndpointRequest::delay).toList();
  }

  Map<String, String> checkedHeaders() {
    Map<String, String> given = headers == null ? Map.of() : headers;
    for (String name : given.keySet()) {
      String lower = name.toLowerCase();
      if (!name.matches("[A-Za-z0-9-]{1,64}")
          || lower.startsWith("webhook-")
          || lower.equals("content-type")
          || lower.equals("x-webhook-id")) {
        throw ApiException.invalidField("headers." + name, "not a header Hookyard lets you set");
      }
    }
    return Map.copyOf(given);
  }

  String checkedDescription(String current) {
    String text = description == null ? current : description;
    if (text.length() > 1000) {
      throw ApiException.invalidField("description", "at most 1000 characters");
    }
    return text;
  }

  /** A JSONata expression, or null; 422 naming the field when it does not compile. */
  private static String checkedExpression(String field, String expression) {
    if (expression == null) {
      return null;
    }
    JsonataExpression.problem(expression)
        .ifPresent(
            problem -> {
              throw ApiException.invalidField(
                  field, "is not a valid JSONata expression: " + problem);
            });
    return expression;
  }

  private static Duration delay(String text) {
    try {
      Duration delay = Duration.parse(text);
      if (delay.isNegative() || delay.isZero() || delay.compareTo(Duration.ofDays(7)) > 0) {
        throw ApiException.invalidField("retry_schedule", "each delay is between PT1S and P7D");
      }
      return delay;
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiException.invalidField(
          "retry_schedule", "each delay is an ISO 8601 duration like PT5M");
    }
  }
}
