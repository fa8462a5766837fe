package io.hookyard.app.support.vendor.msgraph;

import static io.hookyard.app.support.vendor.entra.EntraIdTokens.reply;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookyard.app.support.vendor.DeltaLog;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Graph's delta queries on loopback, as vendors.md §7 and Graph's "Use delta query"
 * describe them, with Entra ID's token endpoint ({@link EntraIdTokens}) on the same server.
 *
 * <ul>
 *   <li>{@code GET /v1.0/users/delta}, {@code /v1.0/users/{user}/contacts/delta}, {@code
 *       /v1.0/users/{user}/calendarView/delta?startDateTime&endDateTime} (or {@code
 *       /events/delta}), {@code /v1.0/users/{user}/mailFolders/{folder}/messages/delta}: pages of
 *       {@code Prefer: odata.maxpagesize} records (default 10) linked by {@code @odata.nextLink}
 *       ({@code $skiptoken}), the last with {@code @odata.deltaLink} ({@code $deltatoken}) standing
 *       for a position in the change log ({@link DeltaLog}); a later delta returns each record
 *       changed since, once, in its last state, and deletions as {@code {"id", "@removed":
 *       {"reason"}}} ({@code changed} for directory objects, {@code deleted} for Outlook items).
 *   <li>Outlook items carry {@code @odata.etag}, {@code changeKey} and {@code
 *       lastModifiedDateTime}; users carry neither.
 *   <li>{@link #expireDeltaTokens()}: every token issued so far answers 410 Gone with {@code
 *       syncStateNotFound} and a {@code Location} to start over — or, for users (directory
 *       objects), 400 with {@code syncStateNotFound}, as Graph does past their seven days.
 *   <li>{@link #throttleNext}: 429 with {@code Retry-After} seconds and Graph's {@code
 *       TooManyRequests} body; bearer tokens not issued (or expired) by Entra: 401 {@code
 *       InvalidAuthenticationToken}.
 * </ul>
 */
public final class GraphDeltaFake implements AutoCloseable {
  public static final String SCOPE = "https://graph.microsoft.com/.default";
  public static final String USERS = "users";

  private final HttpServer server;
  private final EntraIdTokens entra = new EntraIdTokens(SCOPE);
  private final DeltaLog log = new DeltaLog();
  private final AtomicInteger deltaCalls = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger gone = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private volatile int throttleNext;
  private volatile int retryAfterSeconds = 1;

  public GraphDeltaFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public EntraIdTokens entra() {
    return entra;
  }

  public static String contacts(String user) {
    return "users/" + user + "/contacts";
  }

  public static String events(String user) {
    return "users/" + user + "/events";
  }

  public static String messages(String user, String folder) {
    return "users/" + user + "/mailFolders/" + folder + "/messages";
  }

  /** Creates or changes a record of {@code collection} with these fields (merged). */
  public void put(String collection, String id, Map<String, Object> fields) {
    ObjectNode record = log.get(collection, id);
    boolean created = record == null;
    if (created) {
      record = Json.mapper().createObjectNode();
      record.put("id", id);
    }
    for (var field : fields.entrySet()) {
      record.set(field.getKey(), Json.mapper().valueToTree(field.getValue()));
    }
    if (!collection.equals(USERS)) {
      String now = Instant.now().toString();
      if (created) {
        record.put("createdDateTime", now);
      }
      record.put("lastModifiedDateTime", now);
      String changeKey = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      record.put("changeKey", changeKey);
      record.put("@odata.etag", "W/\"" + changeKey + "\"");
    }
    log.put(collection, id, record);
  }

  public void delete(String collection, String id) {
    log.delete(collection, id);
  }

  /** Every delta and skip token issued so far is forgotten: 410 {@code syncStateNotFound}. */
  public void expireDeltaTokens() {
    log.expireAll();
  }

  /** The next {@code n} API calls answer 429 with {@code Retry-After: seconds}. */
  public void throttleNext(int n, int seconds) {
    this.retryAfterSeconds = seconds;
    this.throttleNext = n;
  }

  public int deltaCalls() {
    return deltaCalls.get();
  }

  public int throttled() {
    return throttled.get();
  }

  public int gone() {
    return gone.get();
  }

  public int unauthorized() {
    return unauthorized.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (EntraIdTokens.isTokenPath(path)) {
        entra.handle(exchange);
        return;
      }
      exchange.getRequestBody().readAllBytes();
      if (!entra.valid(exchange.getRequestHeaders().getFirst("Authorization"))) {
        unauthorized.incrementAndGet();
        error(
            exchange,
            401,
            "InvalidAuthenticationToken",
            "Access token has expired or is not yet valid.",
            Map.of("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\""));
        return;
      }
      if (throttleNext > 0) {
        throttleNext--;
        throttled.incrementAndGet();
        error(
            exchange,
            429,
            "TooManyRequests",
            "Too many requests. Please retry after " + retryAfterSeconds + " seconds.",
            Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        return;
      }
      if (path.equals("/v1.0/organization")) {
        reply(
            exchange,
            200,
            "{\"value\":[{\"id\":\"" + EntraIdTokens.TENANT + "\",\"displayName\":\"Contoso\"}]}",
            Map.of());
        return;
      }
      if (path.startsWith("/v1.0/") && path.endsWith("/delta")) {
        delta(exchange, path.substring(6, path.length() - 6).replace("/calendarView", "/events"));
        return;
      }
      error(exchange, 400, "BadRequest", "Resource not found for the segment.", Map.of());
    } catch (RuntimeException e) {
      error(exchange, 500, "generalException", e.getClass().getSimpleName(), Map.of());
    }
  }

  private void delta(HttpExchange exchange, String collection) throws IOException {
    deltaCalls.incrementAndGet();
    Map<String, String> query = EntraIdTokens.form(exchange.getRequestURI().getRawQuery());
    String path = exchange.getRequestURI().getPath();
    DeltaLog.Token window;
    if (query.containsKey("$skiptoken") || query.containsKey("$deltatoken")) {
      boolean skip = query.containsKey("$skiptoken");
      DeltaLog.Token token = DeltaLog.decode(query.get(skip ? "$skiptoken" : "$deltatoken"));
      if (token == null || !token.collection().equals(collection)) {
        error(exchange, 400, "badRequest", "Invalid delta or skip token.", Map.of());
        return;
      }
      if (log.expired(token)) {
        gone.incrementAndGet();
        error(
            exchange,
            collection.equals(USERS) ? 400 : 410,
            "syncStateNotFound",
            "The sync state generation is not found. The delta token is expired and data must be"
                + " synchronized again.",
            Map.of("Location", baseUrl() + path + "?$deltatoken="));
        return;
      }
      window = skip ? token : log.start(collection, token.from());
    } else {
      if (path.contains("/calendarView/")
          && (!query.containsKey("startDateTime") || !query.containsKey("endDateTime"))) {
        error(
            exchange,
            400,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters"
                + " StartDateTime and EndDateTime.",
            Map.of());
        return;
      }
      window = log.start(collection, -1);
    }
    int size = pageSize(exchange.getRequestHeaders().getFirst("Prefer"));
    DeltaLog.Page page = log.page(window, size);
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#" + collection);
    ArrayNode value = answer.putArray("value");
    for (DeltaLog.Entry entry : page.entries()) {
      if (entry.record() == null) {
        ObjectNode removed = value.addObject();
        removed.put("id", entry.id());
        removed
            .putObject("@removed")
            .put("reason", collection.equals(USERS) ? "changed" : "deleted");
      } else {
        value.add(entry.record());
      }
    }
    String link = baseUrl() + path + "?";
    if (page.next() != null) {
      answer.put("@odata.nextLink", link + "$skiptoken=" + DeltaLog.encode(page.next()));
    } else {
      DeltaLog.Token position = log.start(collection, window.at());
      answer.put("@odata.deltaLink", link + "$deltatoken=" + DeltaLog.encode(position));
    }
    reply(
        exchange,
        200,
        answer.toString(),
        Map.of("Preference-Applied", "odata.maxpagesize=" + size));
  }

  private static int pageSize(String prefer) {
    if (prefer != null) {
      for (String part : prefer.split(",")) {
        String p = part.strip();
        if (p.startsWith("odata.maxpagesize=")) {
          return Math.max(1, Math.min(1000, Integer.parseInt(p.substring(18).strip())));
        }
      }
    }
    return 10;
  }

  private static void error(
      HttpExchange exchange, int status, String code, String message, Map<String, String> headers)
      throws IOException {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ObjectNode inner = error.putObject("innerError");
    inner.put("date", Instant.now().toString());
    inner.put("request-id", UUID.randomUUID().toString());
    inner.put("client-request-id", UUID.randomUUID().toString());
    reply(exchange, status, body.toString(), headers);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
