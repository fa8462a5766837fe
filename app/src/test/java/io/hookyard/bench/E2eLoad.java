package io.hookyard.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The load of {@code bench/e2e.sh}: events at a fixed rate, or as fast as C connections go. */
final class E2eLoad {
  private static final Duration TICK = Duration.ofMillis(10);

  private E2eLoad() {}

  /** What one load run got back. */
  record Sent(long sent, long accepted, long refused) {}

  /** {@code perSecond} events for {@code duration}, in ticks of 10 ms. */
  static Sent paced(E2eEntry entry, String tag, String type, int perSecond, Duration duration) {
    long ticks = duration.toMillis() / TICK.toMillis();
    int perTick = Math.max(1, perSecond / 100);
    return run(
        entry,
        tag,
        type,
        Flux.interval(TICK)
            .take(ticks)
            .onBackpressureBuffer()
            .concatMapIterable(t -> Collections.nCopies(perTick, t)),
        1024,
        duration.plusMinutes(5));
  }

  /** {@code n} events over {@code connections} connections, each sending as soon as answered. */
  static Sent closed(E2eEntry entry, String tag, String type, int n, int connections) {
    return run(
        entry, tag, type, Flux.range(0, n).map(i -> 0L), connections, Duration.ofMinutes(10));
  }

  private static Sent run(
      E2eEntry entry, String tag, String type, Flux<Long> ticks, int concurrency, Duration max) {
    ConnectionProvider pool =
        ConnectionProvider.builder("bench-load")
            .maxConnections(concurrency)
            .pendingAcquireMaxCount(-1)
            .build();
    HttpClient client = HttpClient.create(pool);
    AtomicInteger seq = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    try {
      ticks
          .flatMap(t -> entry.send(client, tag, seq.getAndIncrement(), type), concurrency)
          .doOnNext(status -> (status == entry.accepted() ? accepted : refused).incrementAndGet())
          .blockLast(max);
      return new Sent(seq.get(), accepted.get(), refused.get());
    } finally {
      pool.disposeLater().block(Duration.ofSeconds(10));
    }
  }
}
