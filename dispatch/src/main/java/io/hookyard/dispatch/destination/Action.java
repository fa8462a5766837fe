package io.hookyard.dispatch.destination;

import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One vendor destination action (HubSpot {@code upsert_contact}, Slack {@code post_message}, …):
 * the only part of a vendor destination that knows the vendor. It builds the vendor request from
 * the delivery's body and classifies the answer; everything else an endpoint has — lane, rate
 * limit, circuit breaker, retries, ordering, dead letters, the attempt log — and the connection's
 * token, budget and 401 handling are the engine's ({@link Destinations}).
 *
 * <p>Each implementation states its vendor protocol (paths, batch size, throttle headers) at the
 * top of its class, with the section of {@code vendors.md} it follows.
 */
public interface Action {

  /** The destination type, which is also the vendor of its connection: {@code hubspot}, … */
  String type();

  /** The action's name within its type: {@code upsert_contact}, … */
  String name();

  /** The vendor API's public base URL, replaced by {@code hookyard.connections.vendors.*}. */
  URI defaultBaseUrl();

  /** Builds and sends the vendor request(s) for one delivery through {@code call}. */
  Mono<Result> perform(Input input, Call call);

  /**
   * How many deliveries of one endpoint one call may carry when several are waiting (HubSpot's
   * batch upsert: 100); 1, the default, sends each on its own.
   */
  default int batchSize() {
    return 1;
  }

  /**
   * Performs several deliveries at once: one result per input, in the order given. The default
   * performs them one after the other; an action with {@link #batchSize()} above 1 sends them in as
   * few calls as its vendor allows.
   */
  default Mono<java.util.List<Result>> performAll(java.util.List<Input> inputs, Call call) {
    return reactor.core.publisher.Flux.fromIterable(inputs)
        .concatMap(input -> perform(input, call))
        .collectList();
  }

  /**
   * What an action works from.
   *
   * @param body the delivery's body: the transform's output, or, without a transform, the event as
   *     a webhook subscriber would receive it ({@code webhook_id}, {@code event_type}, {@code
   *     timestamp}, {@code tenant_id}, {@code data})
   * @param transformed whether {@code body} is a transform's output (the action's own input shape)
   *     rather than the event
   * @param settings the endpoint's action settings
   */
  record Input(
      JsonNode body,
      boolean transformed,
      String eventType,
      String webhookId,
      Instant eventTime,
      Map<String, Object> settings) {
    public Input {
      Objects.requireNonNull(body, "body");
      settings = settings == null ? Map.of() : settings;
    }

    /** The event's {@code data} without a transform; the transform's output with one. */
    public JsonNode data() {
      return transformed ? body : body.path("data");
    }

    /** A setting as text, or null. */
    public String setting(String name) {
      Object value = settings.get(name);
      return value == null ? null : value.toString();
    }

    /** The first non-blank text among {@code fields} of {@code node}, or null. */
    public static String text(JsonNode node, String... fields) {
      for (String field : fields) {
        JsonNode value = node.path(field);
        if (value.isValueNode() && !value.isNull() && !value.asString().isBlank()) {
          return value.asString();
        }
      }
      return null;
    }

    /**
     * The plain top-level values of {@code node} (text, numbers, booleans), at most {@code max}.
     */
    public static Map<String, String> scalars(JsonNode node, int max) {
      Map<String, String> out = new LinkedHashMap<>();
      if (node == null || !node.isObject()) {
        return out;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext() && out.size() < max) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          out.put(e.getKey(), e.getValue().asString());
        }
      }
      return out;
    }

    /**
     * A short readable line about the event: its type and its subject's id or name, e.g. {@code
     * invoice.paid inv_42}.
     */
    public String headline() {
      String what = text(data(), "name", "title", "email", "id");
      return what == null ? eventType : eventType + " " + what;
    }
  }

  /** What the engine gives an action for one delivery. */
  interface Call {
    /** The vendor API's base URL (the default, or the one configured). */
    URI base();

    /** One of the connection's opened credentials (e.g. Teams' {@code webhook_url}), or null. */
    String credential(String name);

    /**
     * One of the connection's plain settings as text (Exact Online's {@code division}, Jira's
     * {@code site_url} and {@code cloud_id}), or null: for vendors whose API host or path differs
     * per connection.
     */
    default String connectionSetting(String name) {
      return null;
    }

    /** The connection's auth type ({@code oauth2}, {@code basic}, …), or null when unknown. */
    default String authType() {
      return null;
    }

    /**
     * Sends one request within the connection's budget; with {@link Request#bearer()} it carries
     * the connection's access token ({@code Authorization: Bearer}, or {@code Basic} for a {@code
     * basic} connection), refreshed and sent once more after a 401 (a {@code basic} connection
     * cannot be refreshed: it then waits for the tenant, as one whose refresh failed). Never
     * errors.
     */
    Mono<Response> send(Request request);
  }

  /**
   * One vendor request.
   *
   * @param body JSON text, or null for none
   * @param bearer whether to send the connection's access token as {@code Authorization: Bearer}
   */
  record Request(String method, URI url, Map<String, String> headers, String body, boolean bearer) {
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(url, "url");
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A JSON request with the connection's bearer token. */
    public static Request json(String method, URI url, Object body) {
      return new Request(method, url, Map.of(), body == null ? null : Json.writeString(body), true);
    }
  }

  /**
   * A vendor's answer.
   *
   * @param status null when no answer came; {@code error} then says why ({@code timeout}, …)
   * @param headers lower-case names, first value each
   */
  record Response(
      Integer status,
      Map<String, String> headers,
      String body,
      String error,
      Duration retryAfter,
      Duration elapsed) {

    public boolean ok() {
      return status != null && status >= 200 && status < 300;
    }

    /** The body as JSON; a missing node when it is not JSON. */
    public JsonNode json() {
      if (body == null || body.isBlank()) {
        return Json.mapper().missingNode();
      }
      try {
        return Json.mapper().readTree(body);
      } catch (RuntimeException e) {
        return Json.mapper().missingNode();
      }
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** What one delivery came to at the vendor. */
  sealed interface Result {
    /** The last answer the vendor gave (for the attempt log), or null. */
    Response last();

    /** Done: the vendor created or updated {@code objectId} (null when it names none). */
    record Done(Response last, String objectId) implements Result {}

    /**
     * Not done, and trying again later may work: no answer, a 5xx, a 408. Counts as a failed try
     * (the endpoint's retry schedule, its circuit).
     */
    record Retry(Response last, String error) implements Result {}

    /** The vendor is throttling: wait {@code after} (or a default) and try the same try again. */
    record Throttled(Response last, Duration after) implements Result {}

    /**
     * The vendor refuses the input, and retrying cannot help: dead-lettered at once.
     *
     * @param reason in our words, e.g. {@code channel_not_found: the channel does not exist}
     */
    record Refused(Response last, String reason) implements Result {}

    /**
     * The usual reading of an answer: 2xx done, 429 throttled, no answer, 408 and 5xx retried,
     * other 4xx refused with {@code vendor}'s status as the reason.
     */
    static Result classify(Response r, String vendor, String objectId) {
      if (r.status() == null) {
        return new Retry(r, r.error());
      }
      int status = r.status();
      if (r.ok()) {
        return new Done(r, objectId);
      }
      if (status == 429) {
        return new Throttled(r, r.retryAfter());
      }
      if (status == 408 || status >= 500) {
        return new Retry(r, "http_" + status);
      }
      if (status == 401) {
        return new Retry(r, "vendor_unauthorized");
      }
      return new Refused(r, "http_" + status + ": " + vendor + " refused the request");
    }
  }
}
