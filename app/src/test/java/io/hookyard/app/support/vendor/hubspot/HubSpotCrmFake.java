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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

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
 *
 * This class is the server and what tests call; the objects and their search are {@link
 * CrmRecords}, the tokens {@link CrmTokens}, the rate limit and the injected faults {@link
 * CrmLimits}.
 */
public final class HubSpotCrmFake implements AutoCloseable {
  public static final String PRIVATE_APP_TOKEN = "pat-na1-fake";
  public static final String CLIENT_ID = "hs-client";
  public static final String CLIENT_SECRET = "hs-secret";
  public static final String CODE = "hs-code";

  /** HubSpot's search returns at most this many results; paging past it answers 400. */
  public static final int SEARCH_CEILING = 10_000;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CrmRecords records = new CrmRecords();
  private final CrmTokens tokens = new CrmTokens();
  private final CrmLimits limits = new CrmLimits();

  /** One CRM object. Times in ms. */
  public record CrmObject(
      String id, Map<String, String> properties, long createdAt, long updatedAt, Long archivedAt) {}

  /** A status and the body to answer with. */
  record Reply(int status, String json) {}

  public HubSpotCrmFake() throws IOException {
    this(0);
  }

  public HubSpotCrmFake(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Creates an object modified at {@code at}; returns its id. */
  public String create(String type, Map<String, String> properties, Instant at) {
    return records.create(type, properties, at);
  }

  /** Changes properties of an object, modified at {@code at}. */
  public void update(String type, String id, Map<String, String> changes, Instant at) {
    records.update(type, id, changes, at);
  }

  /** Archives (deletes) an object at {@code at}. */
  public void archive(String type, String id, Instant at) {
    records.archive(type, id, at);
  }

  /** Removes an object without a trace (hard-deleted, or purged from the archive). */
  public void purge(String type, String id) {
    records.purge(type, id);
  }

  /**
   * The next {@code n} API requests answer 429 whatever the window holds, as when other apps of the
   * same portal spent its limit.
   */
  public void throttleNext(int n) {
    limits.throttleNext(n);
  }

  /** Accepts another private-app token, with its own rolling 10-s limit. */
  public void privateAppToken(String token, int limitPer10s) {
    tokens.accept(token);
    limits.limit(token, limitPer10s);
  }

  /** The next {@code n} API requests answer 502. */
  public void failNext(int n) {
    limits.failNext(n);
  }

  /** Every OAuth token issued so far now answers 401, as an expired one does. */
  public void expireTokens() {
    tokens.expireOAuth();
  }

  /** Every API answer from now on takes {@code millis} longer, as a busy portal's do. */
  public void delay(int millis) {
    limits.delay(millis);
  }

  /** From now on refresh-token grants fail, as after the user uninstalled the app. */
  public void refuseRefresh(boolean refuse) {
    tokens.refuseRefresh(refuse);
  }

  public int refreshes() {
    return tokens.refreshes();
  }

  public int throttled() {
    return limits.throttled();
  }

  public int searches() {
    return records.searches();
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
      if (path.startsWith("/_fake/") && CrmRecords.knows(path.substring(7))) {
        control(exchange, path.substring(7), body);
        return;
      }
      if (path.equals("/oauth/v1/token")) {
        reply(exchange, tokens.grant(form(new String(body, StandardCharsets.UTF_8))), Map.of());
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      if (!tokens.valid(token)) {
        reply(
            exchange,
            401,
            "{\"status\":\"error\",\"message\":\"Authentication credentials not"
                + " found.\",\"category\":\"INVALID_AUTHENTICATION\"}",
            Map.of());
        return;
      }
      CrmLimits.Admission admission = limits.admit(token);
      Map<String, String> headers = admission.headers();
      if (admission.refusal() != null) {
        reply(exchange, admission.refusal(), headers);
        return;
      }
      String[] parts = path.split("/");
      // /crm/v3/objects/{type}[/search]
      if (parts.length >= 5 && parts[1].equals("crm") && parts[3].equals("objects")) {
        String type = parts[4];
        if (!CrmRecords.knows(type)) {
          reply(
              exchange, 404, "{\"status\":\"error\",\"message\":\"Unknown object type\"}", headers);
        } else if (parts.length == 6 && parts[5].equals("search")) {
          reply(exchange, records.search(type, Json.tree(body)), headers);
        } else if (parts.length == 5) {
          reply(exchange, records.archived(type, query(exchange)), headers);
        } else {
          reply(exchange, 404, "{}", headers);
        }
        return;
      }
      reply(exchange, 404, "{\"status\":\"error\",\"message\":\"not found\"}", headers);
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

  private static void reply(HttpExchange exchange, Reply reply, Map<String, String> headers)
      throws IOException {
    reply(exchange, reply.status(), reply.json(), headers);
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
