package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end benchmark of {@code docs/benchmarks.md} ("Whole path"): the bare chain ({@link
 * BareChain}) and Hookyard in embedded mode, each in a process of its own, one after the other in
 * one run, against the same loopback subscriber ({@link E2eReceiver}). Per side: start-up time, the
 * first minute at 200 events/s from start, p50/p99 at fixed rates, sustained throughput of N events
 * over 32 connections with the side's CPU per event (its process and its children), and idle CPU.
 * Hookyard is measured through the publish API and through {@code /in/{source}} (a Standard
 * Webhooks source), and for fan-out: one event to 1,000 endpoints.
 *
 * <p>Run by {@code bench/e2e.sh}; see it for the arguments.
 */
public final class EndToEndBenchmark {
  private static final String TYPE = "invoice.paid";
  private static final String FANOUT_TYPE = "deal.created";

  private final E2eReceiver receiver;
  private final E2eSettings settings;
  private final List<String> rows = new ArrayList<>();
  private int phases;

  private EndToEndBenchmark(E2eReceiver receiver, E2eSettings settings) {
    this.receiver = receiver;
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    E2eSettings settings = E2eSettings.parse(args);
    Path dir = Files.createTempDirectory("hookyard-e2e");
    try (E2eReceiver receiver = new E2eReceiver()) {
      EndToEndBenchmark bench = new EndToEndBenchmark(receiver, settings);
      if (settings.sides().contains("bare")) {
        try (E2eSide bare =
            E2eSide.bare(Files.createDirectories(dir.resolve("bare")), receiver.url("/bare"))) {
          bench.measure(bare);
        }
      }
      if (settings.sides().contains("hookyard")) {
        try (E2eSide hookyard =
            E2eSide.hookyard(
                Files.createDirectories(dir.resolve("hookyard")),
                settings.jar(),
                settings.hookyardArgs())) {
          bench.setUp(hookyard);
          bench.measure(hookyard);
          if (settings.fanout() > 0) {
            bench.fanout(hookyard);
          }
        }
      }
      System.out.println();
      System.out.println("| side | entry | measure | figure |");
      System.out.println("| --- | --- | --- | --- |");
      bench.rows.forEach(System.out::println);
    }
  }

  private void setUp(E2eSide side) {
    ApiClient api = side.api;
    require(
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\""
                + receiver.url("/hy")
                + "\",\"event_types\":[\""
                + TYPE
                + "\"],\"rate_limit_per_minute\":1000000}"),
        201);
    ApiClient.Response source =
        api.post(
            "/api/v1/sources",
            "{\"type\":\"standard-webhooks\",\"name\":\"bench\",\"secret\":\""
                + E2eSide.SECRET
                + "\"}");
    require(source, 201);
    String ingest = source.body().path("ingest_url").asString();
    String url = ingest.startsWith("/") ? api.base() + ingest : ingest;
    if (settings.entries().contains("publish")) {
      side.entries.add(E2eEntry.publishApi(api.base(), api.key()));
    }
    if (settings.entries().contains("in")) {
      side.entries.add(E2eEntry.signed("/in/{source}", url, E2eSide.SECRET, 200));
    }
  }

  private void measure(E2eSide side) throws InterruptedException {
    row(side, "-", "start-up to ready", String.format(Locale.ROOT, "%.1f s", side.startSeconds));
    E2eEntry first = side.entries.get(0);
    paced(side, first, "first minute at 200/s from start", 200, settings.firstMinute());
    // where in the minute the slow ones were sent: a stall, or a slope while the JIT compiles
    row(side, first.name(), "  by send time", receiver.timeline(Long.getLong("timeline", 5_000)));
    // every other entry's path (its route, for /in the inbound Streams application) meets its
    // first traffic here, reported on its own, so the fixed rates below measure each entry warm
    for (E2eEntry entry : side.entries.subList(1, side.entries.size())) {
      paced(side, entry, "its first traffic, 200/s", 200, settings.seconds());
    }
    for (E2eEntry entry : side.entries) {
      for (int rate : settings.rates()) {
        paced(side, entry, "at " + rate + "/s", rate, settings.seconds());
      }
    }
    for (E2eEntry entry : side.entries) {
      throughput(side, entry);
    }
    Thread.sleep(settings.idleSettle().toMillis());
    long since = settings.idleSettle().toSeconds();
    for (int w = 0; w < settings.idleWindows(); w++) {
      long cpu0 = side.cpuNanos();
      long jit0 = side.compilerNanos();
      long t0 = System.nanoTime();
      Thread.sleep(settings.idle().toMillis());
      double elapsed = System.nanoTime() - t0;
      double cores = (side.cpuNanos() - cpu0) / elapsed;
      double jit = (side.compilerNanos() - jit0) / elapsed;
      long until = since + settings.idle().toSeconds();
      row(
          side,
          "-",
          settings.idleWindows() == 1
              ? "idle after warm-up"
              : String.format(Locale.ROOT, "idle, %d-%d s after the load", since, until),
          String.format(
              Locale.ROOT, "%.3f cores (of which the JIT compiler threads %.3f)", cores, jit));
      since = until;
    }
  }

  private void paced(E2eSide side, E2eEntry entry, String what, int rate, Duration duration) {
    String tag = "p" + (++phases);
    receiver.phase(tag);
    long parked0 = side.parked();
    long cpu0 = side.cpuNanos();
    E2eLoad.Sent sent = E2eLoad.paced(entry, tag, TYPE, rate, duration);
    long end = System.currentTimeMillis();
    drain(sent.accepted(), end);
    long[] ms = receiver.latenciesMs();
    long cpu = side.cpuNanos() - cpu0;
    long parked = side.parked() - parked0;
    long behind = Math.max(0, receiver.lastMillis() - end);
    row(
        side,
        entry.name(),
        what,
        String.format(
            Locale.ROOT,
            "p50 %d ms, p99 %d ms; %d sent, %d accepted, %d delivered, %d duplicates; last %d ms"
                + " after the end; %.2f ms CPU/event; %d parked",
            pct(ms, 50),
            pct(ms, 99),
            sent.sent(),
            sent.accepted(),
            receiver.distinct(),
            receiver.duplicates(),
            behind,
            cpu / 1e6 / Math.max(1, receiver.distinct()),
            parked));
  }

  private void throughput(E2eSide side, E2eEntry entry) {
    String tag = "p" + (++phases);
    receiver.phase(tag);
    long parked0 = side.parked();
    long cpu0 = side.cpuNanos();
    long t0 = System.currentTimeMillis();
    E2eLoad.Sent sent = E2eLoad.closed(entry, tag, TYPE, settings.events(), settings.connections());
    long answered = System.currentTimeMillis();
    drain(sent.accepted(), answered);
    long cpu = side.cpuNanos() - cpu0;
    long parked = side.parked() - parked0;
    double seconds = (receiver.lastMillis() - t0) / 1000.0;
    row(
        side,
        entry.name(),
        "sustained, "
            + settings.events()
            + " events over "
            + settings.connections()
            + " connections",
        String.format(
            Locale.ROOT,
            "%.0f events/s delivered (%.0f/s answered); %.2f ms CPU/event; %d accepted, %d"
                + " delivered, %d duplicates; %d parked",
            receiver.distinct() / seconds,
            sent.accepted() * 1000.0 / Math.max(1, answered - t0),
            cpu / 1e6 / Math.max(1, receiver.distinct()),
            sent.accepted(),
            receiver.distinct(),
            receiver.duplicates(),
            parked));
  }

  private void fanout(E2eSide side) throws InterruptedException {
    ApiClient api = side.api;
    for (int i = 0; i < settings.fanout(); i++) {
      require(
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + receiver.url("/fan/" + i)
                  + "\",\"event_types\":[\""
                  + FANOUT_TYPE
                  + "\"],\"rate_limit_per_minute\":1000000}"),
          201);
    }
    Thread.sleep(10_000); // the endpoints reach routing through the outbox and hookyard.config
    for (int round = 1; round <= 3; round++) {
      String tag = "p" + (++phases);
      receiver.phase(tag);
      long t0 = System.currentTimeMillis();
      E2eEntry entry = side.entries.get(0);
      E2eLoad.closed(entry, tag, FANOUT_TYPE, 1, 1);
      // every endpoint gets the same event: count arrivals, not distinct events
      long deadline = t0 + 60_000;
      while (receiver.distinct() + receiver.duplicates() < settings.fanout()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      row(
          side,
          entry.name(),
          "fan-out, one event to " + settings.fanout() + " endpoints, round " + round,
          String.format(
              Locale.ROOT,
              "%d delivered, the last %d ms after the publish call",
              receiver.distinct() + receiver.duplicates(),
              receiver.lastMillis() - t0));
    }
  }

  /** Waits until {@code expected} events arrived, or the drain limit after {@code end}. */
  private void drain(long expected, long end) {
    long deadline = end + settings.drain().toMillis();
    while (receiver.distinct() < expected && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void row(E2eSide side, String entry, String what, String figure) {
    String row = "| " + side.name + " | " + entry + " | " + what + " | " + figure + " |";
    rows.add(row);
    System.out.println(row);
  }

  private static long pct(long[] sorted, int p) {
    return sorted.length == 0
        ? -1
        : sorted[(int) Math.min(sorted.length - 1, sorted.length * p / 100L)];
  }

  private static void require(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException(response.status() + " " + response.body());
    }
  }
}
