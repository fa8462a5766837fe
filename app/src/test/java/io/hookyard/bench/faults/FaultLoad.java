package io.hookyard.bench.faults;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The steady load of the fault suite: events at a fixed rate, every other one through the publish
 * API and the rest signed to {@code /in/{source}} (a Standard Webhooks source), each of type {@code
 * invoice.paid} with a unique {@code mark} and a {@code route} ({@link #route}). It keeps what each
 * request got: accepted (2xx), refused (an answer other than 2xx) or unknown (no answer: the
 * process was gone), and the latency of each accepted request.
 */
final class FaultLoad {
  private static final String PAD = "x".repeat(600);

  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  final Set<String> unknown = ConcurrentHashMap.newKeySet();
  final ConcurrentLinkedQueue<Long> latencyMicros = new ConcurrentLinkedQueue<>();
  final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong lastAcceptedNanos = new AtomicLong();
  private final FaultTenant tenant;
  private final String run;
  private final Webhook signer;
  private final ConnectionProvider pool;
  private final HttpClient client;
  private final Sinks.Empty<Void> done = Sinks.empty();
  private final Sinks.Empty<Void> stop = Sinks.empty();
  private final int orderedEvery;
  private Disposable running;

  FaultLoad(FaultTenant tenant, String run, int orderedEvery) {
    if (orderedEvery < 1) {
      throw new IllegalArgumentException("orderedEvery must be positive");
    }
    this.tenant = tenant;
    this.run = run;
    this.orderedEvery = orderedEvery;
    this.signer = new Webhook(FaultTenant.SOURCE_SECRET);
    this.pool =
        ConnectionProvider.builder("fault-load")
            .maxConnections(512)
            .pendingAcquireMaxCount(-1)
            .build();
    this.client = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(15));
  }

  /** Starts {@code perSecond} events a second, in 10 ms ticks, until {@link #stop}. */
  FaultLoad start(int perSecond) {
    int perTick = Math.max(1, perSecond / 100);
    running =
        Flux.interval(Duration.ofMillis(10))
            .takeUntilOther(stop.asMono())
            .onBackpressureBuffer()
            .concatMap(t -> Flux.range(0, perTick))
            .flatMap(i -> send(sent.getAndIncrement()), 1024)
            .doFinally(s -> done.tryEmitEmpty())
            .subscribe();
    return this;
  }

  /**
   * The endpoint (by index) event {@code n} is routed to: n mod endpoints, except that the ordered
   * endpoint (index 0) keeps only one in {@code orderedEvery} of those and the rest go round the
   * others.
   */
  int route(long n) {
    int count = tenant.endpoints().size();
    int route = (int) (n % count);
    long turn = n / count;
    if (route != 0 || count == 1 || turn % orderedEvery == 0) {
      return route;
    }
    return 1 + (int) (turn % (count - 1));
  }

  /** Sends no more events from now on. */
  void stop() {
    stop.tryEmitEmpty();
  }

  /** Waits until every request of the load has its answer (or none came). */
  void await(Duration max) {
    done.asMono().block(max);
  }

  long sent() {
    return sent.get();
  }

  /** Nanos (System.nanoTime) of the latest 2xx answer. */
  long lastAcceptedNanos() {
    return lastAcceptedNanos.get();
  }

  /** Waits until a request sent after {@code nanos} is accepted; answers the seconds from then. */
  double awaitAcceptedAfter(long nanos, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (lastAcceptedNanos.get() <= nanos && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return (lastAcceptedNanos.get() - nanos) / 1e9;
  }

  /** "status×count" of every answer other than 2xx, e.g. "0×12 503×340". */
  String failures() {
    StringBuilder out = new StringBuilder();
    statuses.entrySet().stream()
        .filter(e -> e.getKey() < 200 || e.getKey() >= 300)
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.append(e.getKey()).append('×').append(e.getValue().get()).append(' '));
    return out.length() == 0 ? "none" : out.toString().trim();
  }

  private Mono<Void> send(long n) {
    String mark = "ok-" + run + "-" + n;
    String type = FaultTenant.TYPE;
    String data =
        "{\"id\":\"inv_"
            + n
            + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\",\"mark\":\""
            + mark
            + "\",\"route\":"
            + route(n)
            + ",\"note\":\""
            + PAD
            + "\"}";
    long t0 = System.nanoTime();
    Mono<Integer> status = (n % 2 == 0) ? publish(type, mark, data) : signed(type, mark, data);
    return status
        .doOnNext(
            code -> {
              statuses.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
              if (code >= 200 && code < 300) {
                accepted.add(mark);
                long now = System.nanoTime();
                lastAcceptedNanos.accumulateAndGet(now, Math::max);
                latencyMicros.add((now - t0) / 1000);
              } else if (code == 0) {
                unknown.add(mark);
              } else {
                refused.add(mark);
              }
            })
        .then();
  }

  private Mono<Integer> publish(String type, String mark, String data) {
    String body = "{\"type\":\"" + type + "\",\"subject\":\"" + mark + "\",\"data\":" + data + "}";
    return post(tenant.publishUrl(), Map.of("Authorization", "Bearer " + tenant.apiKey()), body);
  }

  private Mono<Integer> signed(String type, String mark, String data) {
    String body =
        "{\"type\":\"" + type + "\",\"timestamp\":\"2026-12-04T00:00:00Z\",\"data\":" + data + "}";
    long now = System.currentTimeMillis() / 1000;
    String id = "msg_" + mark;
    try {
      return post(
          tenant.ingestUrl(),
          Map.of(
              "webhook-id",
              id,
              "webhook-timestamp",
              Long.toString(now),
              "webhook-signature",
              signer.sign(id, now, body)),
          body);
    } catch (Exception e) {
      return Mono.error(e);
    }
  }

  private Mono<Integer> post(String url, Map<String, String> headers, String body) {
    return client
        .headers(
            h -> {
              h.set("Content-Type", "application/json");
              headers.forEach(h::set);
            })
        .post()
        .uri(url)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
        .onErrorReturn(0);
  }

  void close() {
    if (running != null) {
      running.dispose();
    }
    pool.disposeLater().block(Duration.ofSeconds(10));
  }
}
