package io.hookyard.app.support.vendor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * What the loopback vendor API fakes share: a real HTTP server on 127.0.0.1 that records every
 * call, answers scripted failures first ({@link #failNext}), can hold its next answer back past the
 * caller's deadline ({@link #delayNext}, the call still takes effect: a timeout the caller cannot
 * tell from a failure), and counts calls per rolling 10 s against the vendor's limit, answering 429
 * and recording an excess call, which the test then fails on ({@link #excessCalls()}).
 */
public abstract class VendorFake implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Deque<Answer> scripted = new ArrayDeque<>();
  private final Deque<Instant> window = new ArrayDeque<>();
  private final List<Call> excess = new CopyOnWriteArrayList<>();
  private volatile int limitPer10s = Integer.MAX_VALUE;
  private volatile Duration delayNext;

  /** One call as it arrived (at {@code at}): header names in lower case. */
  public record Call(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String body,
      Instant at) {
    public JsonNode json() {
      return Json.mapper().readTree(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** An answer: status, headers and body. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  protected VendorFake() {
    this(0);
  }

  /** On {@code port} of 127.0.0.1 (0: any free port), for a fake run by hand on a known port. */
  protected VendorFake(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every call so far, the failed ones included. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Calls to {@code path}. */
  public List<Call> calls(String method, String path) {
    return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
  }

  /** The next call is answered so, before anything else. */
  public synchronized VendorFake failNext(int status, Map<String, String> headers, String body) {
    scripted.add(new Answer(status, headers, body));
    return this;
  }

  /** The next call takes effect but is answered only after {@code delay}. */
  public void delayNext(Duration delay) {
    this.delayNext = delay;
  }

  /** The vendor's limit: at most {@code calls} in any rolling 10 s, beyond which it answers 429. */
  public void limitPer10s(int calls) {
    this.limitPer10s = calls;
  }

  /** Calls beyond the limit: a well-behaved caller makes none. */
  public List<Call> excessCalls() {
    return List.copyOf(excess);
  }

  /** Forgets the calls, the script and the limit's window. */
  public synchronized void reset() {
    calls.clear();
    scripted.clear();
    window.clear();
    excess.clear();
    limitPer10s = Integer.MAX_VALUE;
    delayNext = null;
  }

  /** Answers one call that passed the script and the limit. */
  protected abstract Answer answer(Call call);

  /** Headers every answer carries (quota headers), given the calls left in this window. */
  protected Map<String, String> quotaHeaders(int limit, int remaining) {
    return Map.of();
  }

  protected static Answer json(int status, Object body) {
    return new Answer(
        status,
        Map.of("Content-Type", "application/json"),
        body instanceof String s ? s : Json.writeString(body));
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Call call =
        new Call(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            headers,
            body,
            Instant.now());
    calls.add(call);
    Answer answer;
    Duration delay;
    int remaining;
    int limit = limitPer10s;
    synchronized (this) {
      Instant now = Instant.now();
      while (!window.isEmpty() && window.peekFirst().isBefore(now.minusSeconds(10))) {
        window.removeFirst();
      }
      window.addLast(now);
      remaining = Math.max(0, limit - window.size());
      if (window.size() > limit) {
        excess.add(call);
        answer =
            json(
                429,
                Map.of(
                    "status",
                    "error",
                    "message",
                    "You have reached your ten secondly limit.",
                    "errorType",
                    "RATE_LIMIT",
                    "policyName",
                    "TEN_SECONDLY_ROLLING"));
      } else {
        answer = scripted.pollFirst();
      }
      delay = delayNext;
      delayNext = null;
    }
    if (answer == null) {
      answer = answer(call);
    }
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<Map.Entry<String, String>> all = new ArrayList<>(answer.headers().entrySet());
    if (limit != Integer.MAX_VALUE) {
      all.addAll(quotaHeaders(limit, remaining).entrySet());
    }
    all.forEach(h -> exchange.getResponseHeaders().set(h.getKey(), h.getValue()));
    byte[] bytes =
        answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    } catch (IOException e) {
      // the caller gave up (its deadline passed): the call took effect all the same
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // its threads would keep a benchmark's JVM from exiting
  }
}
