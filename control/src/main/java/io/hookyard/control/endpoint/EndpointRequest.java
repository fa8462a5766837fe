package io.hookyard.control.endpoint;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.expression.JsonataExpression;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/endpoints}, checked field by field: each failure is a 422 that
 * names the field.
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
    Boolean ordered) {

  static final List<String> DEFAULT_RETRY_SCHEDULE = List.of("PT1M", "PT5M", "PT30M");
  static final int DEFAULT_RATE_LIMIT = 100;

  URI checkedUrl() {
    if (url == null || url.isBlank()) {
      throw ApiException.invalidField("url", "is required");
    }
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw ApiException.invalidField("url", "must be an absolute http or https URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ApiException.invalidField("url", "is not a valid URL");
    }
  }

  List<String> checkedEventTypes(EventCatalog catalog) {
    List<String> types = eventTypes == null || eventTypes.isEmpty() ? List.of("*") : eventTypes;
    for (int i = 0; i < types.size(); i++) {
      String type = types.get(i);
      String field = "event_types[" + i + "]";
      if (!EventTypes.isPattern(type)) {
        throw ApiException.invalidField(field, "use an event type, resource.* or *");
      }
      if (!type.contains("*") && catalog.find(type).isEmpty()) {
        throw ApiException.invalidField(field, "no event type " + type + " in the catalog");
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

  String checkedDescription() {
    String text = description == null ? "" : description;
    if (text.length() > 1000) {
      throw ApiException.invalidField("description", "at most 1000 characters");
    }
    return text;
  }

  /** The JSONata filter, or null; 422 naming the field when it does not compile. */
  String checkedFilter() {
    return checkedExpression("filter", filter);
  }

  /** The JSONata transform, or null; 422 naming the field when it does not compile. */
  String checkedTransform() {
    return checkedExpression("transform", transform);
  }

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
