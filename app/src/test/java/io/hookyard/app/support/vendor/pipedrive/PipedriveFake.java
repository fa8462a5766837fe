package io.hookyard.app.support.vendor.pipedrive;

import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.schemas.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pipedrive on loopback, as its docs describe it (vendors.md §10; pipedrive.readme.io "Pipedrive
 * API v2 migration guide", "Pagination", "Rate limiting"; the v1 Recents reference):
 *
 * <ul>
 *   <li>{@code x-api-token} must be {@link #TOKEN}, else 401 {@code {"success": false, "error":
 *       "unauthorized access", "errorCode": 401}}; a token in the query string is refused too (the
 *       poller must not put it in URLs).
 *   <li>{@code GET /api/v2/persons|organizations|deals}: {@code updated_since} (RFC 3339,
 *       inclusive), {@code sort_by=update_time}, {@code sort_direction}, {@code limit} (at most
 *       500, else 400), {@code cursor} (opaque: the first record of the next page, so records
 *       changing between pages neither shift nor repeat the rest); {@code
 *       additional_data.next_cursor}, null at the end. Deleted records are left out. Times have
 *       whole seconds, as Pipedrive's do.
 *   <li>{@code GET /v1/recents}: {@code since_timestamp} ({@code YYYY-MM-DD HH:MM:SS} UTC), {@code
 *       items}, {@code start}/{@code limit} offset paging, v1 shapes ({@code active_flag: false} on
 *       a deleted person or organization, {@code deleted: true} on a deal), 30 days back at most.
 *   <li>Every answer carries {@code x-ratelimit-limit}, {@code -remaining}, {@code -reset} (seconds
 *       left of the 2-second window); past the limit, and for {@link #throttleNext}, 429 with
 *       {@code Retry-After} and {@code {"success": false, "error": "Request over limit",
 *       "errorCode": 429}}.
 * </ul>
 *
 * Not modelled: the token-based daily budget, {@code x-daily-requests-left} (POST/PUT only), custom
 * fields, filters, permissions (v2 lists need no global admin here), record merges, the purge of
 * records deleted more than 30 days ago.
 */
public final class PipedriveFake extends VendorFake {
  public static final String TOKEN = "pd-api-token-0123456789abcdef";
  public static final String COMPANY_DOMAIN = "acme";
  private static final DateTimeFormatter V1_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Map<String, Map<Long, Row>> entities = new ConcurrentHashMap<>();
  private final Deque<Instant> window = new ArrayDeque<>();
  private volatile int limitPer2s = 80;
  private int throttleNext;
  private int retryAfter = 1;
  private int throttled;
  private Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  private record Row(
      long id, Map<String, Object> fields, Instant added, Instant updated, boolean deleted) {}

  public PipedriveFake() {}

  /** On {@code port} (0: any free one); see {@link PipedriveFakeMain}. */
  public PipedriveFake(int port) {
    super(port);
  }

  /** Creates or changes a record; each change gets a later update time (whole seconds). */
  public synchronized void put(String entity, long id, Map<String, Object> fields) {
    Map<Long, Row> rows = entities.computeIfAbsent(entity, e -> new ConcurrentHashMap<>());
    Row old = rows.get(id);
    Map<String, Object> merged = new LinkedHashMap<>(old == null ? Map.of() : old.fields());
    merged.putAll(fields);
    Instant now = tick();
    rows.put(id, new Row(id, merged, old == null ? now : old.added(), now, false));
  }

  /** Deletes a record (Pipedrive keeps it, marked, for 30 days). */
  public synchronized void delete(String entity, long id) {
    Row old = entities.getOrDefault(entity, Map.of()).get(id);
    if (old != null) {
      entities.get(entity).put(id, new Row(id, old.fields(), old.added(), tick(), true));
    }
  }

  /** The next {@code n} calls answer 429 with {@code Retry-After: seconds}. */
  public synchronized void throttleNext(int n, int seconds) {
    this.throttleNext = n;
    this.retryAfter = seconds;
  }

  public synchronized int throttled() {
    return throttled;
  }

  /** Requests per 2-second window before 429 (Pipedrive's plans: 20 to 120 for API tokens). */
  public void limitPer2s(int limit) {
    this.limitPer2s = limit;
  }

  /** Calls that carried something other than the token in {@code x-api-token}. */
  public long refused() {
    return calls().stream().filter(c -> !TOKEN.equals(c.header("x-api-token"))).count();
  }

  private Instant tick() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock = now.isAfter(clock) ? now : clock.plusSeconds(1);
    return clock;
  }

  @Override
  protected synchronized Answer answer(Call call) {
    Instant now = Instant.now();
    while (!window.isEmpty() && window.peekFirst().isBefore(now.minusSeconds(2))) {
      window.removeFirst();
    }
    window.addLast(now);
    int limit = limitPer2s;
    int remaining = Math.max(0, limit - window.size());
    // whole seconds until the oldest call of the window leaves it (rounded up, past it)
    long reset = (2000 - java.time.Duration.between(window.peekFirst(), now).toMillis()) / 1000 + 1;
    Map<String, String> quota =
        Map.of(
            "x-ratelimit-limit", "" + limit,
            "x-ratelimit-remaining", "" + remaining,
            "x-ratelimit-reset", "" + reset);
    Map<String, String> query = query(call.query());
    if (!TOKEN.equals(call.header("x-api-token")) || query.containsKey("api_token")) {
      return answer(
          401,
          quota,
          Map.of(
              "success",
              false,
              "error",
              "unauthorized access",
              "errorCode",
              401,
              "error_info",
              "Please check developers.pipedrive.com"));
    }
    if (throttleNext > 0 || window.size() > limit) {
      throttleNext = Math.max(0, throttleNext - 1);
      throttled++;
      Map<String, String> headers = new HashMap<>(quota);
      headers.put("Retry-After", "" + retryAfter);
      return answer(
          429, headers, Map.of("success", false, "error", "Request over limit", "errorCode", 429));
    }
    if (call.method().equals("GET") && call.path().startsWith("/api/v2/")) {
      return list(call.path().substring("/api/v2/".length()), query, quota);
    }
    if (call.method().equals("GET") && call.path().equals("/v1/recents")) {
      return recents(query, quota);
    }
    if (call.method().equals("GET") && call.path().equals("/v1/users/me")) {
      return answer(200, quota, Map.of("success", true, "data", Map.of("id", 1, "name", "Admin")));
    }
    return answer(404, quota, Map.of("success", false, "error", "Unknown method ."));
  }

  private Answer list(String entity, Map<String, String> query, Map<String, String> quota) {
    int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
    if (!isEntity(entity)) {
      return answer(404, quota, Map.of("success", false, "error", "Unknown method ."));
    }
    if (limit < 1 || limit > 500) {
      return answer(400, quota, Map.of("success", false, "error", "Validation failed: limit"));
    }
    if (!"update_time".equals(query.get("sort_by")) || "desc".equals(query.get("sort_direction"))) {
      return answer(400, quota, Map.of("success", false, "error", "expected update_time asc"));
    }
    Instant since = null;
    if (query.containsKey("updated_since")) {
      try {
        since = java.time.OffsetDateTime.parse(query.get("updated_since")).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        return answer(400, quota, Map.of("success", false, "error", "updated_since: RFC 3339"));
      }
    }
    Instant from = since;
    List<Row> rows =
        new ArrayList<>(
            entities.getOrDefault(entity, Map.of()).values().stream()
                .filter(r -> !r.deleted() && (from == null || !r.updated().isBefore(from)))
                .sorted(Comparator.comparing(Row::updated).thenComparing(Row::id))
                .toList());
    int start = 0;
    if (query.containsKey("cursor")) {
      String[] marker =
          new String(Base64.getUrlDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8)
              .split("\\|");
      Instant at = Instant.parse(marker[0]);
      long id = Long.parseLong(marker[1]);
      while (start < rows.size()
          && (rows.get(start).updated().isBefore(at)
              || rows.get(start).updated().equals(at) && rows.get(start).id() < id)) {
        start++;
      }
    }
    List<Object> data = new ArrayList<>();
    for (int i = start; i < Math.min(rows.size(), start + limit); i++) {
      data.add(v2(rows.get(i)));
    }
    String next = null;
    if (start + limit < rows.size()) {
      Row first = rows.get(start + limit);
      next =
          Base64.getUrlEncoder()
              .encodeToString(
                  (first.updated() + "|" + first.id()).getBytes(StandardCharsets.UTF_8));
    }
    Map<String, Object> additional = new HashMap<>();
    additional.put("next_cursor", next);
    return answer(200, quota, Map.of("success", true, "data", data, "additional_data", additional));
  }

  private static boolean isEntity(String entity) {
    return List.of("persons", "organizations", "deals").contains(entity);
  }

  private Answer recents(Map<String, String> query, Map<String, String> quota) {
    Instant since;
    try {
      since =
          LocalDateTime.parse(query.getOrDefault("since_timestamp", "").replace(' ', 'T'))
              .toInstant(ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return answer(400, quota, Map.of("success", false, "error", "since_timestamp is invalid"));
    }
    Instant floor = Instant.now().minus(30, ChronoUnit.DAYS);
    Instant from = since.isBefore(floor) ? floor : since;
    String item = query.getOrDefault("items", "person");
    String entity =
        switch (item) {
          case "organization" -> "organizations";
          case "deal" -> "deals";
          default -> "persons";
        };
    int start = Integer.parseInt(query.getOrDefault("start", "0"));
    int limit = Math.min(500, Integer.parseInt(query.getOrDefault("limit", "100")));
    List<Row> rows =
        entities.getOrDefault(entity, Map.of()).values().stream()
            .filter(r -> !r.updated().isBefore(from))
            .sorted(Comparator.comparing(Row::updated).thenComparing(Row::id))
            .toList();
    List<Object> data = new ArrayList<>();
    for (int i = start; i < Math.min(rows.size(), start + limit); i++) {
      Row row = rows.get(i);
      data.add(Map.of("item", item, "id", row.id(), "data", v1(item, row)));
    }
    boolean more = start + limit < rows.size();
    Map<String, Object> pagination = new HashMap<>();
    pagination.put("start", start);
    pagination.put("limit", limit);
    pagination.put("more_items_in_collection", more);
    if (more) {
      pagination.put("next_start", start + limit);
    }
    Map<String, Object> additional = new HashMap<>();
    additional.put("since_timestamp", V1_TIME.format(since));
    additional.put(
        "last_timestamp_on_page",
        data.isEmpty()
            ? V1_TIME.format(since)
            : V1_TIME.format(rows.get(start + data.size() - 1).updated()));
    additional.put("pagination", pagination);
    return answer(200, quota, Map.of("success", true, "data", data, "additional_data", additional));
  }

  private static ObjectNode v2(Row row) {
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("id", row.id());
    row.fields().forEach((k, v) -> record.set(k, Json.mapper().valueToTree(v)));
    record.put("add_time", row.added().toString());
    record.put("update_time", row.updated().toString());
    record.put("owner_id", 1);
    record.put("visible_to", 3);
    record.putObject("custom_fields");
    record.put("is_deleted", false);
    return record;
  }

  private static ObjectNode v1(String item, Row row) {
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("id", row.id());
    row.fields().forEach((k, v) -> record.set(k, Json.mapper().valueToTree(v)));
    record.put("add_time", V1_TIME.format(row.added()));
    record.put("update_time", V1_TIME.format(row.updated()));
    if (item.equals("deal")) {
      record.put("deleted", row.deleted());
      record.put("active", !row.deleted());
    } else {
      record.put("active_flag", !row.deleted());
    }
    return record;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static Answer answer(int status, Map<String, String> headers, Object body) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new Answer(status, all, Json.writeString(body));
  }
}
