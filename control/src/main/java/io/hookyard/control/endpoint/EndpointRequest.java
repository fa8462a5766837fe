package io.hookyard.control.endpoint;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.destination.DestinationCatalog;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The body of {@code POST /api/v1/endpoints} and {@code PATCH /api/v1/endpoints/{id}}, checked
 * field by field: each failure is a 422 that names the field. In a PATCH an absent (or null) field
 * keeps its value. The URL is checked by {@link TargetPolicy}, which may need DNS.
 *
 * <p>A vendor destination ({@code type} other than {@code webhook}) has no URL; it names a {@code
 * connection_id}, an {@code action} of its type and the action's {@code settings}, checked against
 * {@link DestinationCatalog} (the connection itself by {@link DestinationConnections}). Its type
 * cannot change afterwards.
 *
 * <p>{@code backfill_since} (create only) delivers the matching events published since then, read
 * back from {@code hookyard.events}, before and alongside the live ones (see the replay package).
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
    Boolean disabled,
    String type,
    String connectionId,
    String action,
    Map<String, Object> settings,
    String backfillSince) {

  static final List<String> DEFAULT_RETRY_SCHEDULE = List.of("PT1M", "PT5M", "PT30M");
  static final int DEFAULT_RATE_LIMIT = 100;
  private static final int MAX_HEADERS = 20;

  /** A new endpoint from this request, defaults filled in. */
  EndpointConfig create(
      EndpointId id,
      TenantId tenant,
      URI url,
      SealedSecret secret,
      Predicate<String> knownType,
      SecretBox box) {
    String kind = checkedType();
    boolean vendor = !kind.equals(EndpointConfig.WEBHOOK);
    return new EndpointConfig(
        id,
        tenant,
        vendor ? null : url,
        checkedEventTypes(knownType),
        secret,
        Map.of(),
        checkedRateLimit(),
        checkedRetrySchedule(),
        Boolean.TRUE.equals(ordered),
        Boolean.TRUE.equals(disabled),
        checkedExpression("filter", filter),
        checkedExpression("transform", transform),
        null,
        kind,
        vendor ? checkedConnectionId(connectionId) : null,
        vendor ? action : null,
        vendor ? checkedSettings(kind, action, settings) : null,
        checkedHeaders(Map.of(), box));
  }

  /** Whether this request creates a vendor destination rather than a webhook. */
  boolean createsVendorDestination() {
    return !checkedType().equals(EndpointConfig.WEBHOOK);
  }

  /** The destination type: {@code webhook} by default, or one of the catalog's. */
  String checkedType() {
    if (type == null || type.equals(EndpointConfig.WEBHOOK)) {
      if (connectionId != null || action != null || settings != null) {
        String field =
            connectionId != null ? "connection_id" : action != null ? "action" : "settings";
        throw ApiException.invalidField(
            field, "only a vendor destination (type " + DestinationCatalog.types() + ") has one");
      }
      return EndpointConfig.WEBHOOK;
    }
    if (!DestinationCatalog.types().contains(type)) {
      throw ApiException.invalidField(
          "type", "webhook or a vendor destination: one of " + DestinationCatalog.types());
    }
    if (url != null) {
      throw ApiException.invalidField("url", "a vendor destination has no url");
    }
    return type;
  }

  private static ConnectionId checkedConnectionId(String id) {
    if (id == null) {
      throw ApiException.invalidField("connection_id", "required for a vendor destination");
    }
    try {
      return new ConnectionId(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("connection_id", "a connection id like con_…");
    }
  }

  private static Map<String, Object> checkedSettings(
      String type, String action, Map<String, Object> settings) {
    DestinationCatalog.check(type, action, settings)
        .ifPresent(
            problem -> {
              throw ApiException.invalidField(problem.field(), problem.message());
            });
    return settings == null ? Map.of() : settings;
  }

  /**
   * {@code current} with every field this request names replaced; id and secrets (a previous one
   * still in its rotation overlap included) are kept.
   */
  EndpointConfig patch(
      EndpointConfig current, URI url, Predicate<String> knownType, SecretBox box) {
    if (type != null && !type.equals(current.type())) {
      throw ApiException.invalidField("type", "cannot change; create a new endpoint instead");
    }
    boolean vendor = current.isVendorDestination();
    if (!vendor && (connectionId != null || action != null || settings != null)) {
      String field =
          connectionId != null ? "connection_id" : action != null ? "action" : "settings";
      throw ApiException.invalidField(field, "only a vendor destination has one");
    }
    if (vendor && this.url != null) {
      throw ApiException.invalidField("url", "a vendor destination has no url");
    }
    String nextAction = vendor && action != null ? action : current.action();
    Map<String, Object> nextSettings =
        !vendor
            ? null
            : action != null || settings != null
                ? checkedSettings(
                    current.type(), nextAction, settings == null ? current.settings() : settings)
                : current.settings();
    return new EndpointConfig(
        current.id(),
        current.tenantId(),
        url == null ? current.url() : url,
        eventTypes == null ? current.eventTypes() : checkedEventTypes(knownType),
        current.secret(),
        headers == null ? current.plainHeaders() : Map.of(),
        rateLimitPerMinute == null ? current.rateLimitPerMinute() : checkedRateLimit(),
        retrySchedule == null ? current.retrySchedule() : checkedRetrySchedule(),
        ordered == null ? current.ordered() : ordered,
        disabled == null ? current.disabled() : disabled,
        filter == null ? current.filter() : checkedExpression("filter", filter),
        transform == null ? current.transform() : checkedExpression("transform", transform),
        current.previousSecret(),
        current.type(),
        vendor && connectionId != null ? checkedConnectionId(connectionId) : current.connectionId(),
        nextAction,
        nextSettings,
        headers == null ? current.sealedHeaders() : checkedHeaders(current.sealedHeaders(), box));
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

  /**
   * Headers the sender sets itself (signature, framing, connection handling) or that a client
   * library would drop: refused at once rather than stored and silently not sent.
   */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "x-webhook-id",
          "host",
          "user-agent",
          "content-length",
          "connection",
          "transfer-encoding",
          "keep-alive",
          "upgrade",
          "te",
          "trailer");

  /**
   * The extra request headers, each value sealed with {@code box}. A null value keeps the value of
   * the header of that name in {@code current} (what a client reading the endpoint sees in place of
   * the value), so an endpoint read and written back keeps its headers; names are matched without
   * regard to case.
   */
  Map<String, SealedSecret> checkedHeaders(Map<String, SealedSecret> current, SecretBox box) {
    Map<String, String> given = headers == null ? Map.of() : headers;
    if (given.size() > MAX_HEADERS) {
      throw ApiException.invalidField("headers", "at most " + MAX_HEADERS + " headers");
    }
    Map<String, SealedSecret> sealed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : given.entrySet()) {
      String name = header.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      String field = "headers." + name;
      if (!name.matches("[A-Za-z0-9-]{1,64}")
          || lower.startsWith("webhook-")
          || RESERVED_HEADERS.contains(lower)) {
        throw ApiException.invalidField(field, "not a header Hookyard lets you set");
      }
      if (sealed.containsKey(name)) {
        throw ApiException.invalidField(field, "named twice");
      }
      String value = header.getValue();
      if (value == null) {
        SealedSecret kept = find(current, name);
        if (kept == null) {
          throw ApiException.invalidField(
              field, "null keeps a header's current value, and this endpoint has none");
        }
        sealed.put(name, kept);
      } else if (value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw ApiException.invalidField(
            field, "at most 4096 characters, no line breaks or control characters");
      } else {
        sealed.put(name, box.seal(value));
      }
    }
    return Map.copyOf(sealed);
  }

  private static SealedSecret find(Map<String, SealedSecret> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
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
