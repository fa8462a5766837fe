package io.hookyard.bench.faults;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The subscriber of the fault suite: records every request by the {@code "mark"} its event carries
 * and the {@code webhook-id} it came with. It answers 200, or fails a share of requests at random
 * (500), or all of them (the receiver "down"), as the scenario sets it.
 */
final class FaultReceiver implements AutoCloseable {
  private static final Pattern MARK = Pattern.compile("\"mark\":\"([^\"]+)\"");

  /** What arrived for one mark: 2xx answers given, and whether every request had the same id. */
  static final class Arrivals {
    final String webhookId;
    final AtomicLong delivered = new AtomicLong();
    volatile boolean otherId;

    Arrivals(String webhookId) {
      this.webhookId = webhookId;
    }
  }

  private final LoopResources loops = LoopResources.create("fault-subscriber", 2, true);
  private final DisposableServer server;
  private final Map<String, Arrivals> arrivals = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong hostile = new AtomicLong();
  private volatile double failShare;

  FaultReceiver() {
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
                              int status =
                                  arrived(body, request.requestHeaders().get("webhook-id"));
                              return response.status(status).send().then();
                            })
                        .then(Mono.<Void>empty()))
            .bindNow();
  }

  private int arrived(String body, String webhookId) {
    requests.incrementAndGet();
    Matcher m = MARK.matcher(body);
    if (!m.find()) {
      return 200;
    }
    String mark = m.group(1);
    if (mark.startsWith("hostile")) {
      hostile.incrementAndGet();
    }
    Arrivals a = arrivals.computeIfAbsent(mark, k -> new Arrivals(webhookId));
    if (webhookId == null || !webhookId.equals(a.webhookId)) {
      a.otherId = true;
    }
    double share = failShare;
    if (share >= 1 || (share > 0 && ThreadLocalRandom.current().nextDouble() < share)) {
      return 500;
    }
    a.delivered.incrementAndGet();
    return 200;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** 0 answers every request 200; 0.5 fails half at random; 1 fails all ("down"). */
  void failShare(double share) {
    this.failShare = share;
  }

  /** Marks delivered at least once (answered 2xx). */
  long delivered(Iterable<String> marks) {
    long n = 0;
    for (String mark : marks) {
      Arrivals a = arrivals.get(mark);
      if (a != null && a.delivered.get() > 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Accepted marks never delivered, counted by entry: even numbers came through the publish API.
   */
  String lostByEntry(Iterable<String> marks) {
    long publish = 0;
    long in = 0;
    for (String mark : marks) {
      Arrivals a = arrivals.get(mark);
      if (a == null || a.delivered.get() == 0) {
        if (Long.parseLong(mark.substring(mark.lastIndexOf('-') + 1)) % 2 == 0) {
          publish++;
        } else {
          in++;
        }
      }
    }
    return publish + in == 0 ? "none" : "publish API " + publish + ", /in " + in;
  }

  /** 2xx answers beyond the first for each mark: the duplicates a subscriber saw. */
  long duplicates() {
    return arrivals.values().stream().mapToLong(a -> Math.max(0, a.delivered.get() - 1)).sum();
  }

  /** Every 2xx answer given since the last reset. */
  long answeredOk() {
    return arrivals.values().stream().mapToLong(a -> a.delivered.get()).sum();
  }

  /** Marks whose requests did not all carry one {@code webhook-id}. */
  long withOtherIds() {
    return arrivals.values().stream().filter(a -> a.otherId).count();
  }

  long hostileArrivals() {
    return hostile.get();
  }

  long requests() {
    return requests.get();
  }

  /**
   * Forgets what arrived, for the next scenario; keeps {@link #failShare}, which a scenario sets
   * before its load starts and puts back to 0 when it ends.
   */
  void reset() {
    arrivals.clear();
    requests.set(0);
    hostile.set(0);
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
