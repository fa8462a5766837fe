package io.hookyard.app.support.vendor.exactonline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookyard.app.support.vendor.ConsentPage;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact Online on loopback, one division ({@link #DIVISION}), as vendors.md §11 and §20.6 describe
 * it, with its OAuth token endpoint ({@link ExactOAuth}) on the same server, and its authorize page
 * ({@code /api/oauth2/auth}) consenting at once: a 302 to {@code redirect_uri} with {@link
 * ExactOAuth#CODE} and the {@code state} (no sign-in page, no check of the client id).
 *
 * <ul>
 *   <li>Limits: every API call (not the token endpoint) counts in a fixed minute window ({@link
 *       #minute}, 60 s unless compressed for a test) against 60 per window, and against 5,000 a
 *       day; every answer carries {@code X-RateLimit-Minutely-Limit/-Remaining/-Reset} and {@code
 *       X-RateLimit-Limit/-Remaining/-Reset} (resets in Unix milliseconds); past either limit it
 *       answers 429 without {@code Retry-After}. {@link #maxCallsInAnyMinute()} is what the
 *       shared-budget test checks. {@link #spendMinute()} uses up the current window.
 *   <li>Tokens: {@code Authorization: Bearer} with a token the OAuth fake issued and not expired,
 *       else 401.
 *   <li>Sync API: {@code GET /api/v1/{division}/sync/CRM/Accounts}, {@code sync/CRM/Contacts},
 *       {@code sync/SalesInvoice/SalesInvoices} and {@code sync/Deleted}: {@code $select} is
 *       required, {@code $filter=Timestamp gt <n>L} (and {@code EntityType eq <code>} for Deleted),
 *       rows in Timestamp order, {@link #pageSize} a page (1,000 as Exact), the next page in {@code
 *       d.__next} with {@code $skiptoken=<last Timestamp>L}; {@code $skip} is refused (400).
 *   <li>CRUD: {@code GET crm/Accounts?$filter=trim(Code) eq '…'} or {@code Name eq '…'}, {@code
 *       POST crm/Accounts} (Name required; 201 {@code {"d": {…}}}), {@code PUT
 *       crm/Accounts(guid'…')} (204; 404 unknown), {@code GET salesinvoice/SalesInvoices?$filter=
 *       YourRef eq '…'}, {@code POST salesinvoice/SalesInvoices} (OrderedBy must be an account,
 *       lines required; 201 with {@code InvoiceID} and the next {@code InvoiceNumber}); errors in
 *       Exact's OData v2 form {@code {"error": {"code": "", "message": {"lang", "value"}}}}.
 *   <li>{@link #failNext}: scripted answers first; {@link #dropNextAnswer}: the next API call of a
 *       method takes effect and its connection drops without an answer.
 * </ul>
 *
 * Not modelled: country hosts, {@code $expand}, {@code $orderby}/{@code $top}, the 60-record cap of
 * CRUD reads, the 10-errors-per-hour block, webhooks, divisions other than one, {@code Modified}
 * filters.
 */
public final class ExactOnlineFake implements AutoCloseable {
  public static final int DIVISION = 123456;
  static final int PER_MINUTE = 60;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final ExactOAuth oauth = new ExactOAuth();
  private final ExactRecords records = new ExactRecords(DIVISION);
  private final ExactApi api;
  private final Map<Long, AtomicInteger> windows = new ConcurrentHashMap<>();
  private final AtomicInteger today = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Deque<Reply> scripted = new ArrayDeque<>();
  private volatile Duration minute = Duration.ofMinutes(1);
  private volatile int dailyLimit = 5000;
  private volatile int perMinute = PER_MINUTE;
  private volatile String dropNext;

  /**
   * One API call as it arrived; {@code status} is what it was answered (0: dropped), {@code window}
   * the start of the rate limit's window it counted in.
   */
  public record Call(
      String method,
      String path,
      String query,
      String body,
      String authorization,
      int status,
      long window) {
    public tools.jackson.databind.JsonNode json() {
      return Json.mapper().readTree(body);
    }
  }

  /** A scripted or routed answer. */
  record Reply(int status, String body) {}

  public ExactOnlineFake() throws IOException {
    this(0);
  }

  /** On {@code port} (0: any free one); see {@link ExactOnlineFakeMain}. */
  public ExactOnlineFake(int port) throws IOException {
    api = new ExactApi(records, this::baseUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public ExactOAuth oauth() {
    return oauth;
  }

  /** The length of the rate limit's window: a minute, or shorter to compress a test. */
  public void minute(Duration length) {
    this.minute = length;
  }

  /** Records in Exact's tables ({@code Accounts}, {@code Contacts}, {@code SalesInvoices}). */
  public Map<String, Object> put(String table, String id, Map<String, Object> fields) {
    return ExactRecords.map(records.put(table, id, fields));
  }

  public void delete(String table, String id) {
    records.delete(table, id);
  }

  public int count(String table) {
    return records.count(table);
  }

  /** Rows of a table whose {@code field} is {@code value} (trimmed text). */
  public List<Map<String, Object>> find(String table, String field, String value) {
    return records.rows(table, r -> value.equals(r.path(field).asString("").strip())).stream()
        .map(r -> ExactRecords.map(r))
        .toList();
  }

  public void pageSize(int size) {
    api.pageSize(size);
  }

  /** The calls left in the current window are spent: the next calls answer 429 until it resets. */
  public void spendMinute() {
    windows.computeIfAbsent(window(), w -> new AtomicInteger()).set(perMinute);
  }

  /**
   * Calls per window before 429 (Exact: 60); raised only where the limit is not the point, as in
   * the sync benchmark's throughput rounds.
   */
  public void perMinute(int limit) {
    this.perMinute = limit;
  }

  public void dailyLimit(int limit) {
    this.dailyLimit = limit;
  }

  public synchronized void failNext(int status, String body) {
    scripted.add(new Reply(status, body));
  }

  /**
   * The next {@code method} call that succeeds takes effect, but its connection drops unanswered.
   */
  public void dropNextAnswer(String method) {
    this.dropNext = method;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> calls(String method, String pathEnd) {
    return calls.stream()
        .filter(c -> c.method().equals(method) && c.path().endsWith(pathEnd))
        .toList();
  }

  public int throttled() {
    return throttled.get();
  }

  /** The most API calls that arrived within one window, the ones answered 429 included. */
  public int maxCallsInAnyMinute() {
    return windows.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  private long window() {
    long ms = minute.toMillis();
    return System.currentTimeMillis() / ms * ms;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (path.equals("/api/oauth2/token")) {
        ExactOAuth.Reply reply = oauth.grant(form(body));
        if (reply.outcome() == ExactOAuth.Outcome.ANSWER) {
          send(exchange, reply.status(), reply.body(), Map.of());
        }
        return; // a lost answer: the connection closes without one
      }
      if (path.equals("/api/oauth2/auth")) { // the consent page, consent given at once
        String back = ConsentPage.location(exchange.getRequestURI().getRawQuery(), ExactOAuth.CODE);
        exchange.getResponseHeaders().set("Location", back == null ? "" : back);
        exchange.sendResponseHeaders(back == null ? 400 : 302, -1);
        return;
      }
      handleApi(exchange, path, body);
    }
  }

  private void handleApi(HttpExchange exchange, String path, String body) throws IOException {
    String method = exchange.getRequestMethod();
    String query = exchange.getRequestURI().getRawQuery();
    long window = window();
    int used = windows.computeIfAbsent(window, w -> new AtomicInteger()).incrementAndGet();
    int day = today.incrementAndGet();
    Map<String, String> headers = new LinkedHashMap<>();
    int limit = perMinute;
    headers.put("X-RateLimit-Minutely-Limit", "" + limit);
    headers.put("X-RateLimit-Minutely-Remaining", "" + Math.max(0, limit - used));
    headers.put("X-RateLimit-Minutely-Reset", "" + (window + minute.toMillis()));
    headers.put("X-RateLimit-Limit", "" + dailyLimit);
    headers.put("X-RateLimit-Remaining", "" + Math.max(0, dailyLimit - day));
    headers.put(
        "X-RateLimit-Reset",
        ""
            + LocalDate.now(ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli());
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    Reply reply;
    if (used > limit || day > dailyLimit) {
      throttled.incrementAndGet();
      reply = new Reply(429, ExactApi.error("API rate limit exceeded."));
    } else {
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      synchronized (this) {
        reply = scripted.pollFirst();
      }
      if (reply == null && !oauth.valid(token)) {
        reply = new Reply(401, ExactApi.error("Unauthorized"));
      }
      if (reply == null) {
        reply = api.answer(method, path, params(query), body);
      }
    }
    boolean drop = method.equals(dropNext) && reply.status() < 300;
    if (drop) {
      dropNext = null;
    }
    calls.add(new Call(method, path, query, body, auth, drop ? 0 : reply.status(), window));
    if (!drop) {
      send(exchange, reply.status(), reply.body(), headers);
    }
  }

  private static void send(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static Map<String, String> form(String body) {
    return params(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // its threads would keep a benchmark's JVM from exiting
  }
}
