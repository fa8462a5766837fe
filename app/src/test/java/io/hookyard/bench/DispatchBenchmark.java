package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dispatch benchmark of {@code docs/benchmarks.md}, all in one run on this machine against one
 * fast loopback subscriber ({@link DispatchBenchReceiver}):
 *
 * <ol>
 *   <li><b>Throughput</b>: a bare WebClient blast of N POSTs at the subscriber (the baseline), then
 *       N deliveries written straight to {@code hookyard.deliveries} for E endpoints and sent by
 *       Hookyard in embedded mode (sign, POST, record the attempt). The ratio is Hookyard's
 *       deliveries/s over the blast's requests/s.
 *   <li><b>Latency</b>: events published through {@code POST /api/v1/events} at a fixed rate; the
 *       time from the publish call to the subscriber, p50 and p99 (ingest, streams and dispatch).
 *   <li><b>Rate-limit accuracy</b>: one endpoint limited to R per minute gets a backlog; the rate
 *       its requests actually arrived at, against R.
 * </ol>
 *
 * Run by {@code bench/dispatch.sh}; arguments {@code N E rate seconds warm-up} override the
 * defaults.
 */
public final class DispatchBenchmark {
  private static final String PAYLOAD_DATA = "x".repeat(400);
  private static final int ROUNDS = 3;

  private DispatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    int concurrency = endpoints * 16;
    Path dataDir = Files.createTempDirectory("hookyard-bench");
    List<String> report = new ArrayList<>();
    try (DispatchBenchReceiver receiver = new DispatchBenchReceiver();
        RunningHookyard hookyard = RunningHookyard.start(dataDir, settings())) {
      BenchTenant.Tenant bench = BenchTenant.create(hookyard);
      ApiClient api = bench.api();
      TenantId tenant = bench.id();
      BenchTenant.endpoint(api, receiver.url("/latency"), 1_000_000, "invoice.paid");
      // the latency phase runs first, on an idle instance, after the same rate for warmUp seconds:
      // the JIT compilers keep a core busy for the first half minute or so
      receiver.phase("/latency");
      PacedPublisher.run(hookyard.baseUrl(), api.key(), rate, Duration.ofSeconds(warmUp));
      await(receiver, (long) rate * warmUp);
      receiver.phase("/latency");
      long[] onEvents;
      long[] onDeliveries;
      long[] onDeliveriesUncommitted;
      try (TopicProbe events =
              new TopicProbe(hookyard.kafkaBootstrapServers(), Topics.EVENTS.name());
          TopicProbe deliveries =
              new TopicProbe(hookyard.kafkaBootstrapServers(), Topics.DELIVERIES.name());
          TopicProbe written =
              new TopicProbe(
                  hookyard.kafkaBootstrapServers(), Topics.DELIVERIES.name(), "read_uncommitted")) {
        Thread watcher = new Thread(DispatchReadings::watchRouting, "bench-routing-watch");
        watcher.setDaemon(true);
        watcher.start();
        long cpuBefore = ProcessCpu.nanos();
        long wallBefore = System.nanoTime();
        PacedPublisher.run(hookyard.baseUrl(), api.key(), rate, Duration.ofSeconds(seconds));
        long published = System.nanoTime();
        await(receiver, (long) rate * seconds);
        long arrived = System.nanoTime();
        long cpu = ProcessCpu.nanos() - cpuBefore;
        watcher.interrupt();
        System.out.printf(
            Locale.ROOT,
            "latency phase: %.2f cores busy in this JVM (broker, Hookyard, publisher, subscriber;"
                + " not PostgreSQL), %.2f ms of CPU per event; the last event arrived %.1f s after"
                + " publishing ended%n",
            (double) cpu / (arrived - wallBefore),
            cpu / 1e6 / ((long) rate * seconds),
            (arrived - published) / 1e9);
        onEvents = events.latenciesMs();
        onDeliveries = deliveries.latenciesMs();
        onDeliveriesUncommitted = written.latenciesMs();
      }
      long[] ms = receiver.latenciesMs();
      System.out.printf(
          Locale.ROOT,
          "latency by stage (p50/p99 ms from the publish call): visible on %s %d/%d (%d),"
              + " written (uncommitted) to %s %d/%d (%d),"
              + " visible on %s %d/%d (%d), at the subscriber %d/%d (%d)%n",
          Topics.EVENTS.name(),
          DispatchReadings.percentile(onEvents, 0.5),
          DispatchReadings.percentile(onEvents, 0.99),
          onEvents.length,
          Topics.DELIVERIES.name(),
          DispatchReadings.percentile(onDeliveriesUncommitted, 0.5),
          DispatchReadings.percentile(onDeliveriesUncommitted, 0.99),
          onDeliveriesUncommitted.length,
          Topics.DELIVERIES.name(),
          DispatchReadings.percentile(onDeliveries, 0.5),
          DispatchReadings.percentile(onDeliveries, 0.99),
          onDeliveries.length,
          DispatchReadings.percentile(ms, 0.5),
          DispatchReadings.percentile(ms, 0.99),
          ms.length);
      System.out.println("after the latency phase: " + DispatchReadings.dispatchMeters(hookyard));
      report.add(
          String.format(
              Locale.ROOT,
              "| publish→delivered at %d events/s for %d s (%d events) | p50 %d ms, p99 %d ms,"
                  + " max %d ms | — | goal p99 ≤ 60 ms |",
              rate,
              seconds,
              ms.length,
              DispatchReadings.percentile(ms, 0.50),
              DispatchReadings.percentile(ms, 0.99),
              ms[ms.length - 1]));

      List<EndpointId> ids = new ArrayList<>();
      for (int i = 0; i < endpoints; i++) {
        ids.add(BenchTenant.endpoint(api, receiver.url("/e/" + i), 1_000_000, "subscription.*"));
      }
      KafkaConnection kafka = new KafkaConnection(hookyard.kafkaBootstrapServers());
      // warm up both paths, then alternate them, so load from elsewhere falls on both alike
      receiver.phase("/bare");
      new WebClientBlast(receiver.url("/bare"), concurrency).run(n / 4, body(0));
      receiver.phase("/e/");
      send(kafka, tenant, ids, n / 4);
      await(receiver, n / 4);
      List<Double> ratios = new ArrayList<>();
      StringBuilder rounds = new StringBuilder();
      double bestBare = 0;
      double bestHookyard = 0;
      long bareCpu = 0;
      long hookyardCpu = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        receiver.phase("/bare");
        long cpu = ProcessCpu.nanos();
        double bare = new WebClientBlast(receiver.url("/bare"), concurrency).run(n, body(0));
        bareCpu += ProcessCpu.nanos() - cpu;
        receiver.phase("/e/");
        cpu = ProcessCpu.nanos();
        send(kafka, tenant, ids, n);
        await(receiver, n);
        hookyardCpu += ProcessCpu.nanos() - cpu;
        double hookyardRate = n / (receiver.spanNanos() / 1e9);
        ratios.add(hookyardRate / bare);
        bestBare = Math.max(bestBare, bare);
        bestHookyard = Math.max(bestHookyard, hookyardRate);
        rounds.append(
            String.format(
                Locale.ROOT,
                "%s%.0f / %.0f (%.2f)",
                round == 1 ? "" : ", ",
                bare,
                hookyardRate,
                hookyardRate / bare));
      }
      System.out.println("throughput rounds, bare / Hookyard req/s (ratio): " + rounds);
      System.out.printf(
          Locale.ROOT,
          "CPU per request in this JVM: bare blast %.1f µs, Hookyard %.1f µs (%.2f× the blast's;"
              + " Hookyard's includes writing and reading the deliveries and attempts on the broker,"
              + " not PostgreSQL's share)%n",
          bareCpu / 1e3 / ((long) n * ROUNDS),
          hookyardCpu / 1e3 / ((long) n * ROUNDS),
          (double) hookyardCpu / bareCpu);
      System.out.println(
          "after the throughput phase: " + DispatchReadings.dispatchMeters(hookyard));
      report.add(
          0,
          String.format(
              Locale.ROOT,
              "| deliveries/s, %d endpoints, %d in flight (best of %d rounds) | %.0f | bare"
                  + " WebClient blast %.0f req/s | **%.2f×** median of the rounds' ratios (goal ≥"
                  + " 0.7×) |",
              endpoints,
              concurrency,
              ROUNDS,
              bestHookyard,
              bestBare,
              DispatchReadings.median(ratios)));
      int limit = 1_200;
      int sends = 400;
      EndpointId limited = BenchTenant.endpoint(api, receiver.url("/limited"), limit, "*");
      receiver.phase("/limited");
      send(kafka, tenant, List.of(limited), sends);
      await(receiver, sends);
      double perMinute = (sends - 1) / (receiver.spanNanos() / 1e9) * 60;
      report.add(
          String.format(
              Locale.ROOT,
              "| rate limit %d/min, %d sends | %.1f/min measured | — | **%+.2f %%** (goal ±2 %%)"
                  + " |",
              limit,
              sends,
              perMinute,
              (perMinute / limit - 1) * 100));
    }
    System.out.println("| measure | Hookyard | baseline | result |");
    System.out.println("| --- | --- | --- | --- |");
    report.forEach(System.out::println);
    System.exit(0);
  }

  /**
   * Hookyard's settings for the run: quieter logging, plus any in {@code BENCH_HOOKYARD_ARGS}
   * (space-separated {@code --name=value}), to measure a setting's effect with the same harness.
   */
  private static String[] settings() {
    List<String> settings = new ArrayList<>(List.of("--logging.level.io.hookyard=WARN"));
    String extra = System.getenv("BENCH_HOOKYARD_ARGS");
    if (extra != null && !extra.isBlank()) {
      settings.addAll(List.of(extra.trim().split("\\s+")));
    }
    System.out.println("Hookyard settings: " + settings);
    return settings.toArray(String[]::new);
  }

  static void send(KafkaConnection kafka, TenantId tenant, List<EndpointId> to, int n) {
    try (KafkaProducer<String, Delivery> producer =
        new KafkaProducer<>(
            kafka.producer("bench"),
            Topics.DELIVERIES.keySerde().serializer(),
            Topics.DELIVERIES.valueSerde().serializer())) {
      for (int i = 0; i < n; i++) {
        EndpointId endpoint = to.get(i % to.size());
        EventId event = EventId.next();
        Delivery delivery =
            new Delivery(
                MessageId.of(event, endpoint),
                event,
                "invoice.paid",
                tenant,
                endpoint,
                Instant.now(),
                1,
                body(i));
        producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), endpoint.value(), delivery));
      }
      producer.flush();
    }
  }

  static void await(DispatchBenchReceiver receiver, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (receiver.count() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + receiver.count() + " of " + n + " arrived in 10 minutes");
      }
      Thread.sleep(20);
    }
  }

  static String body(int i) {
    return "{\"webhook_id\":\"msg_bench\",\"event_type\":\"invoice.paid\",\"data\":{\"n\":"
        + i
        + ",\"pad\":\""
        + PAYLOAD_DATA
        + "\"}}";
  }
}
