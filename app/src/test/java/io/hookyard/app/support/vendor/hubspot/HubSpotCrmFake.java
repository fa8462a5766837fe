package io.hookyard.app.support.vendor.hubspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HubSpot's CRM on loopback, as vendors.md §6 and HubSpot's "Search the CRM" and OAuth docs
 * describe it, for syncs:
 *
 * <ul>
 *   <li>{@code POST /crm/v3/objects/{type}/search}: one filter group, {@code GTE}/{@code GT} on the
 *       modified property (ms), sorted ascending by it (ties by id), {@code limit} at most 200,
 *       {@code after} an offset; paging past 10,000 results answers 400, as HubSpot does. Archived
 *       objects are not found.
 *   <li>{@code GET /crm/v3/objects/{type}?archived=true}: archived objects with {@code archivedAt}.
 *   <li>A rolling 10-s limit per token (190, or as {@link #privateAppToken} says); past it 429 with
 *       HubSpot's body ({@code policyName: TEN_SECONDLY_ROLLING}) and no Retry-After; every answer
 *       carries {@code X-HubSpot-RateLimit-Max}, {@code -Remaining} and {@code
 *       -Interval-Milliseconds}.
 *   <li>Bearer tokens: a private-app token, or OAuth tokens from {@code POST /oauth/v1/token}
 *       (authorization code, then refresh token); {@link #expireTokens()} makes every token issued
 *       so far answer 401 with HubSpot's {@code INVALID_AUTHENTICATION} body.
 * </ul>
 */
public final class HubSpotCrmFake implements AutoCloseable {
  public static final String PRIVATE_APP_TOKEN = "pat-na1-fake";
  public static final String CLIENT_ID = "hs-client";
  public static final String CLIENT_SECRET = "hs-secret";
  public static final String CODE = "hs-code";

  private static final Map<String, String> MODIFIED =
      Map.of(
          "contacts", "lastmodifieddate",
          "companies", "hs_lastmodifieddate",
          "deals", "hs_lastmodifieddate");

  /** HubSpot's search returns at most this many results; paging past it answers 400. */
  public static final int SEARCH_CEILING = 10_000;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, Map<String, CrmObject>> objects = new ConcurrentHashMap<>();
  private final Map<String, Boolean> validTokens = new ConcurrentHashMap<>();
  private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger searches = new AtomicInteger();
  private final AtomicInteger tokenCount = new AtomicInteger();
  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private volatile int failNext;
  private volatile int throttleNext;
  private volatile boolean refuseRefresh;
  private volatile int delayMillis;

  /** One CRM object. Times in ms. */
  public record CrmObject(
      String id, Map<String, String> properties, long createdAt, long updatedAt, Long archivedAt) {}

  public HubSpotCrmFake() throws IOException {
    this(0);
  }

  public HubSpotCrmFake(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    validTokens.put(PRIVATE_APP_TOKEN, true);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Creates an object modified at {@code at}; returns its id. */
  public String create(String type, Map<String, String> properties, Instant at) {
    String id = Integer.toString(ids.incrementAndGet());
    objects
        .computeIfAbsent(type, t -> new ConcurrentHashMap<>())
        .put(
            id,
            new CrmObject(id, Map.copyOf(properties), at.toEpochMilli(), at.toEpochMilli(), null));
    return id;
  }

  /** Changes properties of an object, modified at {@code at}. */
  public void update(String type, String id, Map<String, String> changes, Instant at) {
    objects
        .get(type)
        .computeIfPresent(
            id,
            (k, o) -> {
              Map<String, String> next = new LinkedHashMap<>(o.properties());
              next.putAll(changes);
              return new CrmObject(id, Map.copyOf(next), o.createdAt(), at.toEpochMilli(), null);
            });
  }

  /** Archives (deletes) an object at {@code at}. */
  public void archive(String type, String id, Instant at) {
    objects
        .get(type)
        .computeIfPresent(
            id,
            (k, o) ->
                new CrmObject(id, o.properties(), o.createdAt(), o.updatedAt(), at.toEpochMilli()));
  }

  /** Removes an object without a trace (hard-deleted, or purged from the archive). */
  public void purge(String type, String id) {
    objects.get(type).remove(id);
  }

  /**
   * The next {@code n} API requests answer 429 whatever the window holds, as when other apps of the
   * same portal spent its limit.
   */
  public void throttleNext(int n) {
    this.throttleNext = n;
  }

  /** Accepts another private-app token, with its own rolling 10-s limit. */
  public void privateAppToken(String token, int limitPer10s) {
    validTokens.put(token, true);
    limits.put(token, limitPer10s);
  }

  /** The next {@code n} API requests answer 502. */
  public void failNext(int n) {
    this.failNext = n;
  }

  /** Every OAuth token issued so far now answers 401, as an expired one does. */
  public void expireTokens() {
    validTokens.replaceAll((token, valid) -> token.equals(PRIVATE_APP_TOKEN));
  }

  /** Every API answer from now on takes {@code millis} longer, as a busy portal's do. */
  public void delay(int millis) {
    this.delayMillis = millis;
  }

  /** From now on refresh-token grants fail, as after the user uninstalled the app. */
  public void refuseRefresh(boolean refuse) {
    this.refuseRefresh = refuse;
  }

  public int refreshes() {
    return refreshes.get();
  }

  public int throttled() {
    return throttled.get();
  }

  public int searches() {
    return searches.get();
  }

  /**
   * Runs the fake on its own for the README's walk-through: {@code scripts/hubspot-fake.sh 9100}.
   * Three contacts to start with; {@code POST /_fake/contacts/{type}} with a JSON object of
   * properties creates a record (or, with {@code "id"}, changes one) modified now.
   */
  public static void main(String[] args) throws IOException {
    HubSpotCrmFake fake = new HubSpotCrmFake(args.length > 0 ? Integer.parseInt(args[0]) : 9100);
    Instant now = Instant.now().minusSeconds(60);
    fake.create("contacts", Map.of("email", "ada@example.com", "firstname", "Ada"), now);
    fake.create("contacts", Map.of("email", "grace@example.com", "firstname", "Grace"), now);
    fake.create("contacts", Map.of("email", "alan@example.com", "firstname", "Alan"), now);
    System.out.println(
        "HubSpot CRM fake on " + fake.baseUrl() + ", private-app token " + PRIVATE_APP_TOKEN);
  }

  /** The walk-through's way to change the fake's data: create, or update by "id". */
  private void control(HttpExchange exchange, String type, byte[] body) throws IOException {
    JsonNode json = Json.tree(body);
    Map<String, String> properties = new LinkedHashMap<>();
    json.properties()
        .forEach(
            p -> {
              if (!p.getKey().equals("id")) {
                properties.put(p.getKey(), p.getValue().asString());
              }
            });
    String id = json.path("id").asString(null);
    if (id == null) {
      id = create(type, properties, Instant.now());
    } else {
      update(type, id, properties, Instant.now());
    }
    reply(exchange, 200, "{\"id\":\"" + id + "\"}", Map.of());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.startsWith("/_fake/") && MODIFIED.containsKey(path.substring(7))) {
        control(exchange, path.substring(7), body);
        return;
      }
      if (path.equals("/oauth/v1/token")) {
        token(exchange, form(new String(body, StandardCharsets.UTF_8)));
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      if (!validTokens.getOrDefault(token, false)) {
        reply(
            exchange,
            401,
            "{\"status\":\"error\",\"message\":\"Authentication credentials not"
                + " found.\",\"category\":\"INVALID_AUTHENTICATION\"}",
            Map.of());
        return;
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis); // the fake's own worker thread
      }
      int limitPer10s = this.limits.getOrDefault(token, 190);
      int remaining = take(token, limitPer10s);
      Map<String, String> limits =
          Map.of(
              "X-HubSpot-RateLimit-Max", Integer.toString(limitPer10s),
              "X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)),
              "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
      if (remaining < 0 || throttleNext > 0) {
        throttleNext = Math.max(0, throttleNext - 1);
        throttled.incrementAndGet();
        reply(
            exchange,
            429,
            "{\"status\":\"error\",\"message\":\"You have reached your"
                + " ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\","
                + "\"policyName\":\"TEN_SECONDLY_ROLLING\"}",
            limits);
        return;
      }
      if (failNext > 0) {
        failNext--;
        reply(exchange, 502, "<html>bad gateway</html>", limits);
        return;
      }
      String[] parts = path.split("/");
      // /crm/v3/objects/{type}[/search]
      if (parts.length >= 5 && parts[1].equals("crm") && parts[3].equals("objects")) {
        String type = parts[4];
        if (!MODIFIED.containsKey(type)) {
          reply(
              exchange, 404, "{\"status\":\"error\",\"message\":\"Unknown object type\"}", limits);
        } else if (parts.length == 6 && parts[5].equals("search")) {
          search(exchange, type, Json.tree(body), limits);
        } else if (parts.length == 5) {
          archived(exchange, type, query(exchange), limits);
        } else {
          reply(exchange, 404, "{}", limits);
        }
        return;
      }
      reply(exchange, 404, "{\"status\":\"error\",\"message\":\"not found\"}", limits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(exchange, 503, "{}", Map.of());
    } catch (RuntimeException e) {
      reply(
          exchange,
          500,
          "{\"status\":\"error\",\"message\":\"" + e.getClass().getSimpleName() + "\"}",
          Map.of());
    }
  }

  /** Takes one call from the token's rolling 10-s window; negative when over the limit. */
  private int take(String token, int limitPer10s) {
    Deque<Long> window = calls.computeIfAbsent(token, t -> new ArrayDeque<>());
    synchronized (window) {
      long now = System.currentTimeMillis();
      while (!window.isEmpty() && window.peekFirst() <= now - 10_000) {
        window.pollFirst();
      }
      if (window.size() >= limitPer10s) {
        return -1;
      }
      window.addLast(now);
      return limitPer10s - window.size();
    }
  }

  private void search(
      HttpExchange exchange, String type, JsonNode request, Map<String, String> limits)
      throws IOException {
    searches.incrementAndGet();
    String modified = MODIFIED.get(type);
    int limit = request.path("limit").asInt(10);
    int after =
        request.path("after").isMissingNode()
            ? 0
            : Integer.parseInt(request.path("after").asString());
    if (limit > 200) {
      reply(
          exchange,
          400,
          "{\"status\":\"error\",\"message\":\"limit must be at most 200\","
              + "\"category\":\"VALIDATION_ERROR\"}",
          limits);
      return;
    }
    if (after + limit > SEARCH_CEILING) {
      reply(
          exchange,
          400,
          "{\"status\":\"error\",\"message\":\"There was a problem with the"
              + " request.\",\"category\":\"VALIDATION_ERROR\"}",
          limits);
      return;
    }
    long from = Long.MIN_VALUE;
    boolean strict = false;
    for (JsonNode f : request.path("filterGroups").path(0).path("filters")) {
      if (f.path("propertyName").asString().equals(modified)) {
        from = Long.parseLong(f.path("value").asString());
        strict = f.path("operator").asString().equals("GT");
      }
    }
    long since = from;
    boolean gt = strict;
    List<CrmObject> found =
        objects.getOrDefault(type, Map.of()).values().stream()
            .filter(o -> o.archivedAt() == null)
            .filter(o -> gt ? o.updatedAt() > since : o.updatedAt() >= since)
            .sorted(
                Comparator.comparingLong(CrmObject::updatedAt)
                    .thenComparing(o -> Long.parseLong(o.id())))
            .toList();
    List<String> wanted = new ArrayList<>();
    request.path("properties").forEach(p -> wanted.add(p.asString()));
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("total", found.size());
    ArrayNode results = answer.putArray("results");
    for (CrmObject o :
        found.subList(Math.min(after, found.size()), Math.min(after + limit, found.size()))) {
      results.add(json(o, modified, wanted));
    }
    if (after + limit < found.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(after + limit));
    }
    reply(exchange, 200, answer.toString(), limits);
  }

  private void archived(
      HttpExchange exchange, String type, Map<String, String> query, Map<String, String> limits)
      throws IOException {
    if (!"true".equals(query.get("archived"))) {
      reply(
          exchange,
          400,
          "{\"status\":\"error\",\"message\":\"only archived listing here\"}",
          limits);
      return;
    }
    int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
    int after = Integer.parseInt(query.getOrDefault("after", "0"));
    List<CrmObject> gone =
        objects.getOrDefault(type, Map.of()).values().stream()
            .filter(o -> o.archivedAt() != null)
            .sorted(Comparator.comparing(o -> Long.parseLong(o.id())))
            .toList();
    ObjectNode answer = Json.mapper().createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (CrmObject o :
        gone.subList(Math.min(after, gone.size()), Math.min(after + limit, gone.size()))) {
      ObjectNode item = json(o, MODIFIED.get(type), List.of());
      item.put("archivedAt", Instant.ofEpochMilli(o.archivedAt()).toString());
      results.add(item);
    }
    if (after + limit < gone.size()) {
      answer.putObject("paging").putObject("next").put("after", Integer.toString(after + limit));
    }
    reply(exchange, 200, answer.toString(), limits);
  }

  private static ObjectNode json(CrmObject o, String modified, List<String> wanted) {
    ObjectNode item = Json.mapper().createObjectNode();
    item.put("id", o.id());
    ObjectNode props = item.putObject("properties");
    props.put("hs_object_id", o.id());
    props.put("createdate", Instant.ofEpochMilli(o.createdAt()).toString());
    props.put(modified, Instant.ofEpochMilli(o.updatedAt()).toString());
    for (String name : wanted) {
      if (o.properties().containsKey(name)) {
        props.put(name, o.properties().get(name));
      } else if (!props.has(name)) {
        props.putNull(name);
      }
    }
    item.put("createdAt", Instant.ofEpochMilli(o.createdAt()).toString());
    item.put("updatedAt", Instant.ofEpochMilli(o.updatedAt()).toString());
    item.put("archived", o.archivedAt() != null);
    return item;
  }

  private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
    boolean client =
        CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    String grant = form.get("grant_type");
    boolean ok =
        client
            && ("authorization_code".equals(grant) && CODE.equals(form.get("code"))
                || "refresh_token".equals(grant)
                    && "hs-refresh".equals(form.get("refresh_token"))
                    && !refuseRefresh);
    if (!ok) {
      reply(
          exchange,
          400,
          "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token\"}",
          Map.of());
      return;
    }
    if ("refresh_token".equals(grant)) {
      refreshes.incrementAndGet();
    }
    String access = "hs-access-" + tokenCount.incrementAndGet();
    validTokens.put(access, true);
    reply(
        exchange,
        200,
        "{\"token_type\":\"bearer\",\"access_token\":\""
            + access
            + "\",\"refresh_token\":\"hs-refresh\",\"expires_in\":1800}",
        Map.of());
  }

  private static Map<String, String> query(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    return raw == null ? Map.of() : form(raw);
  }

  private static Map<String, String> form(String text) {
    Map<String, String> form = new TreeMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void reply(
      HttpExchange exchange, int status, String json, Map<String, String> headers)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // its threads would keep a benchmark's JVM from exiting
  }
}
