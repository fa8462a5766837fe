package io.hookyard.bench;

import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Ingest benchmark (not a test; {@code bench/ingest.sh} builds and runs it). Hookyard runs in
 * embedded mode with the ingest and control roles (control only to create the tenant and the
 * source; no streams or dispatch consume what arrives). In the same JVM, against the same embedded
 * broker, a {@link BareIngestServer} is the baseline. wrk, a separate process, posts the same 1 KiB
 * JSON body to both: to Hookyard's {@code POST /in/{source}} signed as Standard Webhooks, to the
 * bare server unsigned. After a warm-up of each, the maximum rate is measured in rounds, each round
 * one run of the bare server then one of Hookyard, so load from other processes on the machine
 * falls on both alike; the ratio is reported per round and as the median. Then p50/p99 at half of
 * each target's best maximum. Prints a Markdown table.
 *
 * <p>Arguments: seconds per measured run (default 20), wrk connections (default 32), rounds
 * (default 3).
 */
public final class IngestBenchmark {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  private static final Duration CALIBRATION = Duration.ofSeconds(5);

  private IngestBenchmark() {}

  /** One thing under load: its URL and the headers each request carries (signed afresh). */
  private record Target(String name, String url, Supplier<Map<String, String>> headers) {}

  private record Measured(Wrk.Result max, Wrk.Result half, double targetRate) {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 20);
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Files.createTempDirectory("hookyard-bench");
    String body = body(1024);
    try (RunningHookyard hookyard =
        RunningHookyard.start(
            work.resolve("data"), "--hookyard.roles=ingest,control", "--logging.level.root=WARN")) {
      String ingestUrl = hookyard.baseUrl() + createSource(hookyard);
      Target hook = new Target("hookyard POST /in/{source}", ingestUrl, () -> signed(body));
      ApiClient anyone = new ApiClient(hookyard.baseUrl(), null);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  anyone
                          .postRaw(
                              ingestUrl.substring(hookyard.baseUrl().length()),
                              body.getBytes(StandardCharsets.UTF_8),
                              signed(body))
                          .status()
                      == 200);
      try (BareIngestServer bare =
          new BareIngestServer(hookyard.kafkaBootstrapServers(), Topics.INBOUND_RAW.partitions())) {
        Target baseline =
            new Target(
                "bare reactor-netty + KafkaProducer",
                bare.url(),
                () -> Map.of("Content-Type", "application/json"));
        Wrk wrk = new Wrk(2, connections, work);
        for (Target t : new Target[] {baseline, hook}) {
          wrk.run(t.url(), t.headers().get(), body, WARM_UP, 0);
        }
        List<Double> ratios = new ArrayList<>();
        Wrk.Result bareMax = null;
        Wrk.Result hookMax = null;
        for (int round = 0; round < rounds; round++) {
          Wrk.Result bareRun = max(wrk, baseline, body, duration);
          Wrk.Result hookRun = max(wrk, hook, body, duration);
          ratios.add(hookRun.requestsPerSecond() / bareRun.requestsPerSecond());
          System.out.printf(
              Locale.ROOT,
              "round %d: bare %.0f req/s, hookyard %.0f req/s%n",
              round + 1,
              bareRun.requestsPerSecond(),
              hookRun.requestsPerSecond());
          bareMax = better(bareMax, bareRun);
          hookMax = better(hookMax, hookRun);
        }
        Map<Target, Measured> results = new LinkedHashMap<>();
        results.put(baseline, atHalf(wrk, baseline, body, duration, bareMax));
        results.put(hook, atHalf(wrk, hook, body, duration, hookMax));
        System.out.println(report(results, ratios, connections, duration));
      }
    } finally {
      deleteQuietly(work);
    }
  }

  private static Wrk.Result max(Wrk wrk, Target target, String body, Duration duration)
      throws IOException, InterruptedException {
    Wrk.Result result = wrk.run(target.url(), target.headers().get(), body, duration, 0);
    check(target, result);
    return result;
  }

  private static Wrk.Result better(Wrk.Result before, Wrk.Result now) {
    return before == null || now.requestsPerSecond() > before.requestsPerSecond() ? now : before;
  }

  /**
   * Latency at half the maximum rate: wrk's connections pause between requests; a short run finds
   * how long a request itself takes at that load, and the pause is set so the rate lands near half.
   */
  private static Measured atHalf(
      Wrk wrk, Target target, String body, Duration duration, Wrk.Result max)
      throws IOException, InterruptedException {
    double rate = max.requestsPerSecond() / 2;
    double interval = wrk.connections() * 1000.0 / rate;
    int guess = Math.max(1, (int) Math.round(interval));
    Wrk.Result probe = wrk.run(target.url(), target.headers().get(), body, CALIBRATION, guess);
    double perRequest = wrk.connections() * 1000.0 / probe.requestsPerSecond() - guess;
    int delay = Math.max(1, (int) Math.round(interval - perRequest));
    Wrk.Result half = wrk.run(target.url(), target.headers().get(), body, duration, delay);
    check(target, half);
    return new Measured(max, half, rate);
  }

  private static void check(Target target, Wrk.Result result) {
    if (result.failures() > 0) {
      throw new IllegalStateException(
          target.name() + ": " + result.failures() + " failed requests in " + result.command());
    }
  }

  private static String report(
      Map<Target, Measured> results, List<Double> ratios, int connections, Duration duration) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nwrk: 2 threads, %d connections, %d s per run, 1 KiB JSON body%n%n",
            connections,
            duration.toSeconds()));
    out.append("| target | max req/s | p50 at half (ms) | p99 at half (ms) | rate at half |\n");
    out.append("| --- | ---: | ---: | ---: | ---: |\n");
    results.forEach(
        (t, m) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.2f | %.2f | %.0f (target %.0f) |%n",
                    t.name(),
                    m.max().requestsPerSecond(),
                    m.half().p50(),
                    m.half().p99(),
                    m.half().requestsPerSecond(),
                    m.targetRate())));
    List<Double> sorted = ratios.stream().sorted().toList();
    out.append(
        String.format(
            Locale.ROOT,
            "%nratio hookyard / bare (max req/s), per round: %s; median %.2f%n",
            ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
            sorted.get(sorted.size() / 2)));
    return out.toString();
  }

  private static String createSource(RunningHookyard hookyard) {
    String key =
        hookyard
            .operator()
            .post("/api/v1/tenants", "{\"name\":\"Bench\"}")
            .body()
            .path("api_key")
            .asString();
    return new ApiClient(hookyard.baseUrl(), key)
        .post(
            "/api/v1/sources",
            "{\"type\":\"standard-webhooks\",\"name\":\"bench\",\"secret\":\"" + SECRET + "\"}")
        .body()
        .path("ingest_url")
        .asString();
  }

  /** Standard Webhooks headers signed now (the source accepts five minutes of skew). */
  private static Map<String, String> signed(String body) {
    long now = Instant.now().getEpochSecond();
    try {
      return Map.of(
          "Content-Type",
          "application/json",
          "webhook-id",
          "msg_bench",
          "webhook-timestamp",
          Long.toString(now),
          "webhook-signature",
          new Webhook(SECRET).sign("msg_bench", now, body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON body of exactly {@code size} bytes. */
  static String body(int size) {
    String head = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\",\"pad\":\"";
    String tail = "\"}}";
    return head + "x".repeat(size - head.length() - tail.length()) + tail;
  }

  private static void deleteQuietly(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
