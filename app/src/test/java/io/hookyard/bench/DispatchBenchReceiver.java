package io.hookyard.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A fast subscriber on loopback for the benchmarks: answers 200 at once and notes when each request
 * arrived and, when the body carries {@code "sent-<epoch millis>-"} in an id, how long after that
 * it arrived.
 */
final class DispatchBenchReceiver implements AutoCloseable {
  private static final Pattern SENT = Pattern.compile("sent-(\\d+)-");

  /** Its own event loops, so the subscriber does not share Hookyard's (as a real one would not). */
  private final LoopResources loops = LoopResources.create("bench-subscriber", 2, true);

  private final DisposableServer server;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong firstNanos = new AtomicLong();
  private final AtomicLong lastNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();
  private volatile String phase = "/";

  DispatchBenchReceiver() {
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
                              if (request.uri().startsWith(phase)) {
                                arrived(body);
                              }
                              return response.status(200).send().then();
                            })
                        .then(Mono.<Void>empty()))
            .bindNow();
  }

  private void arrived(String body) {
    long now = System.nanoTime();
    firstNanos.compareAndSet(0, now);
    lastNanos.set(now);
    Matcher m = SENT.matcher(body);
    if (m.find()) {
      latenciesMs.add(System.currentTimeMillis() - Long.parseLong(m.group(1)));
    }
    count.incrementAndGet();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  long count() {
    return count.get();
  }

  /** Nanoseconds from the first request to the last. */
  long spanNanos() {
    return lastNanos.get() - firstNanos.get();
  }

  long[] latenciesMs() {
    return latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** From now on counts only requests whose path starts with {@code pathPrefix}, from zero. */
  void phase(String pathPrefix) {
    phase = pathPrefix;
    reset();
  }

  private void reset() {
    count.set(0);
    firstNanos.set(0);
    lastNanos.set(0);
    latenciesMs.clear();
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
