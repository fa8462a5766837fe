package io.hookyard.dispatch.vendor.salesforce;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Response;
import io.hookyard.dispatch.destination.Action.Result;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What Salesforce's sObject write calls share (vendors.md §20.4, §9 "Limits";
 * developer.salesforce.com "Upsert a Record Using an External ID", "Status Codes and Error
 * Responses").
 *
 * <ul>
 *   <li>Host: the token answer's {@code instance_url} (requests carry a relative path, the engine
 *       sends it there); path {@code /services/data/<api_version>}, the endpoint's {@code
 *       api_version} setting, default {@value #DEFAULT_VERSION}; {@code Authorization: Bearer}.
 *   <li>Errors: a JSON array {@code [{"errorCode", "message", "fields"}]}. {@code
 *       UNABLE_TO_LOCK_ROW} (row-lock contention; automation wraps it, e.g. in {@code
 *       CANNOT_EXECUTE_FLOW_TRIGGER}, so codes and messages are both read) is retried on the
 *       endpoint's schedule; {@code REQUEST_LIMIT_EXCEEDED} (403, the org's daily allocation spent)
 *       holds the delivery for {@link #ALLOCATION_WAIT} without counting as a failure; {@code
 *       INVALID_FIELD}, {@code REQUIRED_FIELD_MISSING}, {@code DUPLICATE_VALUE} and every other 4xx
 *       refusal (300 several matches, 404) are dead-lettered at once. 401 {@code
 *       INVALID_SESSION_ID} is the engine's: it refreshes the token once and sends again.
 *   <li>Limits: {@code Sforce-Limit-Info: api-usage=used/limit} on every answer, kept in the
 *       connection's budget.
 * </ul>
 */
final class Salesforce {
  static final String DEFAULT_VERSION = "v62.0";
  static final URI LOGIN = URI.create("https://login.salesforce.com");

  /** The allocation is a rolling 24 h count: look again after a while, not at once. */
  static final Duration ALLOCATION_WAIT = Duration.ofMinutes(15);

  private static final int MAX_MESSAGE = 200;
  private static final String LOCKED = "UNABLE_TO_LOCK_ROW";
  private static final Set<String> ALLOCATION = Set.of("REQUEST_LIMIT_EXCEEDED");

  private Salesforce() {}

  /** {@code /services/data/v62.0/sobjects/<segments…>}, each segment encoded. */
  static URI path(Action.Input input, String... segments) {
    String version = input.setting("api_version");
    StringBuilder path =
        new StringBuilder("/services/data/")
            .append(version == null ? DEFAULT_VERSION : version)
            .append("/sobjects");
    for (String segment : segments) {
      path.append('/')
          .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return URI.create(path.toString());
  }

  /**
   * An answer read the Salesforce way: 2xx done with the body's {@code id}; the error array
   * classified by code (and message, for wrapped lock errors); the rest as usual.
   */
  static Result classify(Response r, String what) {
    if (r.status() == null || r.status() == 401 || r.status() == 429 || r.status() >= 500) {
      return Result.classify(r, "Salesforce", null);
    }
    if (r.ok()) {
      return new Result.Done(r, Action.Input.text(r.json(), "id"));
    }
    JsonNode errors = r.json();
    JsonNode first = errors.isArray() ? errors.path(0) : errors;
    String code = Action.Input.text(first, "errorCode");
    String message = Action.Input.text(first, "message");
    for (JsonNode error : errors.isArray() ? errors : first) {
      String c = Action.Input.text(error, "errorCode");
      String m = Action.Input.text(error, "message");
      if (LOCKED.equals(c) || m != null && m.contains(LOCKED)) {
        return new Result.Retry(
            r, "UNABLE_TO_LOCK_ROW: Salesforce could not lock the " + what + "; tried again later");
      }
      if (c != null && ALLOCATION.contains(c)) {
        return new Result.Throttled(r, ALLOCATION_WAIT);
      }
    }
    StringBuilder reason =
        new StringBuilder(code == null ? "http_" + r.status() : code)
            .append(": Salesforce refused the ")
            .append(what);
    if (r.status() == 300) {
      reason.append(": several records have this external id");
    } else if (message != null) {
      reason
          .append(": ")
          .append(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
    return new Result.Refused(r, reason.toString());
  }

  /** The plain top-level values of {@code node} as record fields, without {@code exclude}. */
  static Map<String, Object> fields(JsonNode node, String... exclude) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Set<String> skip = Set.of(exclude);
    if (node == null || !node.isObject()) {
      return fields;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode value = e.getValue();
      if (skip.contains(e.getKey()) || !value.isValueNode()) {
        continue;
      }
      if (value.isNull()) {
        fields.put(e.getKey(), null); // Salesforce clears a field sent as null
      } else if (value.isNumber()) {
        fields.put(e.getKey(), value.numberValue());
      } else if (value.isBoolean()) {
        fields.put(e.getKey(), value.asBoolean());
      } else {
        fields.put(e.getKey(), value.asString());
      }
    }
    return fields;
  }

  /** Adds {@code name} from the first of {@code from} in {@code data} that has a value. */
  static void map(Map<String, Object> into, String name, JsonNode data, String... from) {
    String value = Action.Input.text(data, from);
    if (value != null) {
      into.put(name, value);
    }
  }
}
