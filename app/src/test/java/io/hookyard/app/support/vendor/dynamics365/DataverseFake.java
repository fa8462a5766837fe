package io.hookyard.app.support.vendor.dynamics365;

import static io.hookyard.app.support.vendor.entra.EntraIdTokens.reply;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookyard.app.support.vendor.DeltaLog;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Dataverse environment's Web API on loopback, as vendors.md §8 and "Use change tracking to
 * synchronize data with external systems" describe it, with Entra ID's token endpoint ({@link
 * EntraIdTokens}, scope {@code <org_url>/.default}) on the same server.
 *
 * <ul>
 *   <li>{@code GET /api/data/v9.2/<set>?$select=…} for accounts, contacts, opportunities and
 *       invoices: pages of {@code Prefer: odata.maxpagesize} rows (default 5,000) linked by {@code
 *       @odata.nextLink} ({@code $skiptoken}); with {@code Prefer: odata.track-changes} the last page
 *       has an {@code @odata.deltaLink} ({@code $deltatoken}, a position in the change log, {@link
 *       DeltaLog}), and a delta call returns the rows changed since, in their last state, and
 *       deletions as {@code $deletedEntity} entries. {@code $filter}, {@code $orderby} and {@code
 *       $top} are refused with track-changes, as Dataverse does.
 *   <li>Rows carry {@code @odata.etag} (the row version), their primary key, {@code createdon}
 *       and {@code modifiedon}; {@code $select} is honoured.
 *   <li>{@link #expireDeltaTokens()}: tokens issued so far answer 410 with the expired version
 *       stamp error (0x80044352).
 *   <li>{@link #throttleNext}: 429 with {@code Retry-After} seconds, the service-protection error
 *       (0x80072322) and {@code x-ms-ratelimit-*} headers, which every answer carries; a token not
 *       issued (or expired) by Entra: 401 with {@code WWW-Authenticate}.
 *   <li>{@code GET /api/data/v9.2/WhoAmI} for connection checks.
 * </ul>
 */
public final class DataverseFake implements AutoCloseable {
  /** The environment URL connections name in {@code org_url} (the API itself is on loopback). */
  public static final String ORG_URL = "https://contoso.crm4.dynamics.com";

  private static final String API = "/api/data/v9.2/";
  private static final Map<String, String> KEYS =
      Map.of(
          "accounts", "accountid",
          "contacts", "contactid",
          "opportunities", "opportunityid",
          "invoices", "invoiceid");

  private final HttpServer server;
  private final EntraIdTokens entra = new EntraIdTokens(ORG_URL + "/.default");
  private final DeltaLog log = new DeltaLog();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger gone = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicInteger versions = new AtomicInteger(81_000);
  private volatile int throttleNext;
  private volatile int retryAfterSeconds = 1;

  public DataverseFake() throws IOException {
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

  /** Creates or changes a row of an entity set with these columns (merged). */
  public void put(String set, String id, Map<String, Object> columns) {
    ObjectNode row = log.get(set, id);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    if (row == null) {
      row = Json.mapper().createObjectNode();
      row.put(KEYS.get(set), id);
      row.put("createdon", now);
    }
    for (var column : columns.entrySet()) {
      row.set(column.getKey(), Json.mapper().valueToTree(column.getValue()));
    }
    row.put("modifiedon", now);
    row.put("@odata.etag", "W/\"" + versions.incrementAndGet() + "\"");
    log.put(set, id, row);
  }

  public void delete(String set, String id) {
    log.delete(set, id);
  }

  /** Every delta and skip token issued so far is past its lifetime. */
  public void expireDeltaTokens() {
    log.expireAll();
  }

  /** The next {@code n} API calls answer 429 with {@code Retry-After: seconds}. */
  public void throttleNext(int n, int seconds) {
    this.retryAfterSeconds = seconds;
    this.throttleNext = n;
  }

  public int requests() {
    return requests.get();
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
        reply(
            exchange,
            401,
            "",
            Map.of(
                "WWW-Authenticate",
                "Bearer authorization_uri=https://login.microsoftonline.com/"
                    + EntraIdTokens.TENANT
                    + "/oauth2/authorize, resource_id="
                    + ORG_URL));
        return;
      }
      requests.incrementAndGet();
      if (throttleNext > 0) {
        throttleNext--;
        throttled.incrementAndGet();
        error(
            exchange,
            429,
            "0x80072322",
            "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
            Map.of(
                "Retry-After", Integer.toString(retryAfterSeconds),
                "x-ms-ratelimit-burst-remaining-xrm-requests", "0",
                "x-ms-ratelimit-time-remaining-xrm-requests", "1,190,000.00"));
        return;
      }
      String name = path.startsWith(API) ? path.substring(API.length()) : "";
      if (name.equals("WhoAmI")) {
        reply(
            exchange,
            200,
            "{\"BusinessUnitId\":\"b1\",\"UserId\":\"u1\",\"OrganizationId\":\"o1\"}",
            limits());
      } else if (KEYS.containsKey(name)) {
        rows(exchange, name);
      } else {
        error(exchange, 404, "0x8006088a", "Resource not found for the segment '" + name + "'.");
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "0x80040216", "An unexpected error occurred.");
    }
  }

  private void rows(HttpExchange exchange, String set) throws IOException {
    Map<String, String> query = EntraIdTokens.form(exchange.getRequestURI().getRawQuery());
    String prefer = exchange.getRequestHeaders().getFirst("Prefer");
    boolean tracked = prefer != null && prefer.contains("odata.track-changes");
    DeltaLog.Token window;
    if (query.containsKey("$skiptoken") || query.containsKey("$deltatoken")) {
      boolean skip = query.containsKey("$skiptoken");
      DeltaLog.Token token = DeltaLog.decode(query.get(skip ? "$skiptoken" : "$deltatoken"));
      if (token == null || !token.collection().equals(set)) {
        error(exchange, 400, "0x80060888", "The delta or skip token is malformed.");
        return;
      }
      if (log.expired(token)) {
        gone.incrementAndGet();
        error(
            exchange,
            410,
            "0x80044352",
            "Version stamp associated with the client has expired. Please perform a full sync.");
        return;
      }
      tracked = !skip || "true".equals(query.get("tracked"));
      window = skip ? token : log.start(set, token.from());
    } else {
      if (tracked
          && (query.containsKey("$filter")
              || query.containsKey("$orderby")
              || query.containsKey("$top"))) {
        error(
            exchange,
            400,
            "0x80060888",
            "$filter, $orderby and $top are not supported with change tracking.");
        return;
      }
      window = log.start(set, -1);
    }
    String select = query.get("$select");
    Set<String> columns = select == null ? null : new HashSet<>(Set.of(select.split(",")));
    DeltaLog.Page page = log.page(window, pageSize(prefer));
    String context = ORG_URL + API + "$metadata#" + set;
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("@odata.context", context + (select == null ? "" : "(" + select + ")"));
    ArrayNode value = answer.putArray("value");
    for (DeltaLog.Entry entry : page.entries()) {
      if (entry.record() == null) {
        ObjectNode deleted = value.addObject();
        deleted.put("@odata.context", context + "/$deletedEntity");
        deleted.put("id", entry.id());
        deleted.put("reason", "deleted");
        continue;
      }
      ObjectNode row = entry.record().deepCopy();
      if (columns != null) {
        row.retain(
            row.propertyNames().stream()
                .filter(c -> c.startsWith("@") || c.equals(KEYS.get(set)) || columns.contains(c))
                .toList());
      }
      value.add(row);
    }
    // the real $skiptoken is a paging cookie that remembers the query; ours keeps it in the link
    String link =
        baseUrl()
            + API
            + set
            + "?tracked="
            + tracked
            + (select == null
                ? ""
                : "&$select=" + URLEncoder.encode(select, StandardCharsets.UTF_8));
    if (page.next() != null) {
      answer.put("@odata.nextLink", link + "&$skiptoken=" + DeltaLog.encode(page.next()));
    } else if (tracked) {
      DeltaLog.Token position = log.start(set, window.at());
      answer.put("@odata.deltaLink", link + "&$deltatoken=" + DeltaLog.encode(position));
    }
    Map<String, String> headers = new java.util.HashMap<>(limits());
    if (tracked) {
      headers.put("Preference-Applied", "odata.track-changes");
    }
    reply(exchange, 200, answer.toString(), headers);
  }

  private static int pageSize(String prefer) {
    if (prefer != null) {
      for (String part : prefer.split(",")) {
        String p = part.strip();
        if (p.startsWith("odata.maxpagesize=")) {
          return Math.max(1, Math.min(5000, Integer.parseInt(p.substring(18).strip())));
        }
      }
    }
    return 5000;
  }

  private static Map<String, String> limits() {
    return Map.of(
        "OData-Version", "4.0",
        "x-ms-ratelimit-burst-remaining-xrm-requests", "5999",
        "x-ms-ratelimit-time-remaining-xrm-requests", "1,200,000.00");
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    error(exchange, status, code, message, limits());
  }

  private static void error(
      HttpExchange exchange, int status, String code, String message, Map<String, String> headers)
      throws IOException {
    ObjectNode body = Json.mapper().createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    reply(exchange, status, body.toString(), headers);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
