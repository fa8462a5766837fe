package io.hookyard.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Publishes {@code invoice.paid} events through {@code POST /api/v1/events} at a fixed rate, in
 * ticks of 10 ms (one event per tick below 100/s), over pooled keep-alive connections. Each event's
 * id carries its send time ({@code sent-<epoch millis>-<n>}) so the subscriber can tell its
 * latency.
 */
final class PacedPublisher {
  private static final Duration TICK = Duration.ofMillis(10);

  private PacedPublisher() {}

  /** Publishes for {@code duration}; answers how many were accepted. Fails on any other answer. */
  static long run(String baseUrl, String key, int perSecond, Duration duration) {
    ConnectionProvider pool =
        ConnectionProvider.builder("bench-publish")
            .maxConnections(128)
            .pendingAcquireMaxCount(-1)
            .build();
    HttpClient client =
        HttpClient.create(pool)
            .baseUrl(baseUrl)
            .headers(
                h ->
                    h.set("Authorization", "Bearer " + key)
                        .set("Content-Type", "application/json"));
    // ticks of 10 ms, or longer ones of one event each below 100 events/s
    Duration tick = perSecond >= 100 ? TICK : Duration.ofNanos(1_000_000_000L / perSecond);
    int perTick = Math.max(1, perSecond / 100);
    long ticks = duration.toNanos() / tick.toNanos();
    AtomicInteger seq = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    try {
      Flux.interval(tick)
          .take(ticks)
          .onBackpressureBuffer()
          .concatMapIterable(t -> java.util.Collections.nCopies(perTick, t))
          .flatMap(t -> publish(client, seq.getAndIncrement()), 1024)
          .doOnNext(status -> count(status, accepted))
          .blockLast(duration.plusMinutes(5));
      return accepted.get();
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private static Mono<Integer> publish(HttpClient client, int n) {
    String id = "sent-" + System.currentTimeMillis() + "-" + n;
    String event =
        "{\"type\":\"invoice.paid\",\"subject\":\""
            + id
            + "\",\"data\":{\"id\":\""
            + id
            + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\"}}";
    return client
        .post()
        .uri("/api/v1/events")
        .send(ByteBufFlux.fromString(Mono.just(event)))
        .responseSingle((response, body) -> body.then(Mono.just(response.status().code())));
  }

  private static void count(int status, AtomicLong accepted) {
    if (status != 202) {
      throw new IllegalStateException("publish answered " + status);
    }
    accepted.incrementAndGet();
  }
}
