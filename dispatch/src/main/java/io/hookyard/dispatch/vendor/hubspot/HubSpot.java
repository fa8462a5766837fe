package io.hookyard.dispatch.vendor.hubspot;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Response;
import io.hookyard.dispatch.destination.Action.Result;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What HubSpot's CRM v3 write calls share (vendors.md §6, §20.1).
 *
 * <ul>
 *   <li>Base {@code https://api.hubapi.com}; {@code Authorization: Bearer} (private-app or OAuth
 *       token); JSON.
 *   <li>Limits: 100–190 requests per 10 s per app and account, shown in {@code
 *       X-HubSpot-RateLimit-Max}/{@code -Remaining}/{@code -Interval-Milliseconds} (the
 *       connection's budget reads them); 429 with {@code policyName} {@code TEN_SECONDLY_ROLLING}
 *       or {@code DAILY}, {@code Retry-After} not documented (then the next 10-s window).
 *   <li>Errors: {@code {"status":"error","message","category","errors":[…]}}; 400 {@code
 *       VALIDATION_ERROR}, 403, 404, 409 {@code CONFLICT}, 414 are the input's fault (refused);
 *       429, 5xx and timeouts are retried.
 * </ul>
 */
final class HubSpot {
  static final URI BASE = URI.create("https://api.hubapi.com");
  private static final int MAX_MESSAGE = 200;

  private HubSpot() {}

  /** An answer read the HubSpot way: 2xx done with {@code objectId}, errors in our words. */
  static Result classify(Response r, String what, String objectId) {
    if (r.status() == null || r.ok() || r.status() == 429 || r.status() >= 500) {
      return Result.classify(r, "HubSpot", objectId);
    }
    if (r.status() == 401) {
      return Result.classify(r, "HubSpot", objectId);
    }
    return new Result.Refused(r, refusal(r, what));
  }

  /** {@code http_400 VALIDATION_ERROR: HubSpot refused the contact: <its message>}. */
  static String refusal(Response r, String what) {
    JsonNode body = r.json();
    String category = Action.Input.text(body, "category");
    String message = Action.Input.text(body, "message");
    if (message == null) {
      message = Action.Input.text(body.path("errors").path(0), "message");
    }
    StringBuilder reason = new StringBuilder("http_").append(r.status());
    if (category != null) {
      reason.append(' ').append(category);
    }
    reason.append(": HubSpot refused the ").append(what);
    if (message != null) {
      reason
          .append(": ")
          .append(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
    return reason.toString();
  }

  /**
   * Properties from a transform's output: its {@code properties} object when it has one, else its
   * plain top-level fields without {@code exclude}.
   */
  static Map<String, Object> properties(JsonNode input, String exclude) {
    Map<String, Object> properties = new LinkedHashMap<>();
    JsonNode given = input.path("properties");
    JsonNode source = given.isObject() ? given : input;
    for (Map.Entry<String, JsonNode> e : source.properties()) {
      JsonNode value = e.getValue();
      if (!e.getKey().equals(exclude) && value.isValueNode() && !value.isNull()) {
        properties.put(e.getKey(), value.asString());
      }
    }
    return properties;
  }

  /** A search filter {@code property EQ value}, returning at most one record's id. */
  static Map<String, Object> searchEq(String property, String value) {
    return Map.of(
        "filterGroups",
        List.of(
            Map.of(
                "filters",
                List.of(Map.of("propertyName", property, "operator", "EQ", "value", value)))),
        "properties",
        List.of(property),
        "limit",
        1);
  }

  /** Adds {@code name} from the first of {@code fields} in {@code data} that has a value. */
  static void map(Map<String, Object> into, String name, JsonNode data, String... fields) {
    String value = Action.Input.text(data, fields);
    if (value != null) {
      into.put(name, value);
    }
  }
}
