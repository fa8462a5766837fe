package io.hookyard.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The subscriber of {@code bench/e2e.sh}: answers 200 at once, on event loops of its own, and
 * counts the requests of the current phase, told by the {@code <tag>-sent-<epoch millis>-<n>}
 * marker each event carries: distinct events, duplicates, and each one's latency from its send.
 */
final class E2eReceiver implements AutoCloseable {
  private static final Pattern MARK = Pattern.compile("([a-z0-9]+)-sent-(\\d+)-(\\d+)");

  private final LoopResources loops = LoopResources.create("bench-subscriber", 2, true);
  private final DisposableServer server;
  private final Set<Integer> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong lastMillis = new AtomicLong();
  private final ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();
  private volatile String tag = "none";

  E2eReceiver() {
    server =
        HttpServer.create()
            .runOn(loops)
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) ->
                    request
                        .receive()
                        .aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(
                            body -> {
                              arrived(body);
                              return response.status(200).send().then();
                            })
                        .then(Mono.<Void>empty()))
            .bindNow();
  }

  private void arrived(String body) {
    Matcher m = MARK.matcher(body);
    if (!m.find() || !m.group(1).equals(tag)) {
      return;
    }
    long now = System.currentTimeMillis();
    if (seen.add(Integer.parseInt(m.group(3)))) {
      long sent = Long.parseLong(m.group(2));
      arrivals.add(new long[] {sent, now - sent});
    } else {
      duplicates.incrementAndGet();
    }
    lastMillis.set(now);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** From now on counts only events tagged {@code tag}, from zero. */
  void phase(String tag) {
    this.tag = tag;
    seen.clear();
    duplicates.set(0);
    lastMillis.set(0);
    arrivals.clear();
  }

  long distinct() {
    return seen.size();
  }

  long duplicates() {
    return duplicates.get();
  }

  /** Epoch millis of the last arrival of this phase. */
  long lastMillis() {
    return lastMillis.get();
  }

  long[] latenciesMs() {
    return arrivals.stream().mapToLong(a -> a[1]).sorted().toArray();
  }

  /**
   * The phase's p99 and max latency per {@code bucketMs} of send time, from its first send: where
   * in a phase the slow deliveries were sent (a stall, or a slope while the JIT compiles).
   */
  String timeline(long bucketMs) {
    long start = arrivals.stream().mapToLong(a -> a[0]).min().orElse(0);
    TreeMap<Long, List<Long>> buckets = new TreeMap<>();
    for (long[] a : arrivals) {
      buckets.computeIfAbsent((a[0] - start) / bucketMs, b -> new ArrayList<>()).add(a[1]);
    }
    StringBuilder out = new StringBuilder();
    buckets.forEach(
        (bucket, ms) -> {
          long[] sorted = ms.stream().mapToLong(Long::longValue).sorted().toArray();
          out.append(
              String.format(
                  Locale.ROOT,
                  "%s%d–%d s: p99 %d, max %d ms",
                  out.length() == 0 ? "" : "; ",
                  bucket * bucketMs / 1000,
                  (bucket + 1) * bucketMs / 1000,
                  DispatchReadings.percentile(sorted, 0.99),
                  sorted[sorted.length - 1]));
        });
    return out.toString();
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
