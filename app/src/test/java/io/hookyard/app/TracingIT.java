package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.OtlpReceiver;
import io.hookyard.app.support.OtlpReceiver.Span;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.ScriptedReceiver.Answer;
import io.hookyard.app.support.Tenants;
import io.hookyard.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * What an operator running Hookyard with an OpenTelemetry Collector sees: one trace from a webhook
 * in to its deliveries out (the request's span, routing, every attempt, retries too) exported over
 * OTLP to a real receiver on loopback, the subscriber getting the attempt's {@code traceparent};
 * JSON log lines carrying the trace and span ids and no bodies or secrets; and in {@code
 * /actuator/prometheus} the lag, delay-tier and dead-letter meters, and every metric the shipped
 * alert rules and dashboard use.
 */
class TracingIT {
  private static final String SOURCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[13]"); // sampled, maybe a random id
  private static final Pattern METRIC = Pattern.compile("hookyard_[a-z0-9_]+");

  @TempDir Path dataDir;

  @Test
  void oneTraceRunsFromWebhookInToEveryAttemptOutAndOperatorsGetTheirSignals() throws Exception {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(new Tee(console, logs), true, StandardCharsets.UTF_8));
    try (OtlpReceiver otlp = new OtlpReceiver();
        ScriptedReceiver flaky = new ScriptedReceiver(Answer.of(500));
        ScriptedReceiver down = new ScriptedReceiver();
        RunningHookyard hookyard =
            RunningHookyard.start(
                dataDir,
                "--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesUrl(),
                "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                "--logging.structured.format.console=ecs",
                "--hookyard.metrics.consumer-lag-interval=PT1S")) {
      down.thenAnswer(503);
      Tenants.Tenant tenant = Tenants.create(hookyard, "Acme");
      ApiClient api = tenant.api();
      ApiClient.Response endpoint =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + flaky.url()
                  + "\",\"event_types\":[\"invoice.*\"],\"retry_schedule\":[\"PT1S\"]}");
      assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
      String endpointSecret = endpoint.body().path("secret").asString();

      // 1. publish with the caller's traceparent: the trace continues to both attempts
      String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
      String callerSpan = "00f067aa0ba902b7";
      ApiClient.Response published =
          api.postRaw(
              "/api/v1/events",
              bytes(invoice("inv_traced_4711")),
              Map.of(
                  "Authorization", "Bearer " + api.key(),
                  "Content-Type", "application/json",
                  "traceparent", "00-" + callerTrace + "-" + callerSpan + "-01"));
      assertThat(published.status()).as(published.toString()).isEqualTo(202);

      await().atMost(LONG).until(() -> flaky.received().size() >= 2);
      List<String> sentSpans = new ArrayList<>();
      for (ScriptedReceiver.Got got : flaky.received().subList(0, 2)) {
        Matcher parent = TRACEPARENT.matcher(String.valueOf(got.header("traceparent")));
        assertThat(parent.matches()).as(got.header("traceparent")).isTrue();
        assertThat(parent.group(1)).isEqualTo(callerTrace);
        sentSpans.add(parent.group(2));
      }
      assertThat(sentSpans).doesNotHaveDuplicates();

      await().atMost(LONG).until(() -> named(otlp.spans(callerTrace), "attempt").size() >= 2);
      List<Span> trace = otlp.spans(callerTrace);
      Span ingest = only(trace, "POST /api/v1/events");
      assertThat(ingest.parentSpanId()).isEqualTo(callerSpan);
      assertThat(ingest.kind()).isEqualTo("SPAN_KIND_SERVER");
      assertThat(ingest.attributes()).containsEntry("http.response.status_code", "202");
      Span route = only(trace, "route");
      assertThat(route.parentSpanId()).isEqualTo(ingest.spanId());
      List<Span> attempts = named(trace, "attempt");
      assertThat(attempts)
          .hasSize(2)
          .allSatisfy(a -> assertThat(a.parentSpanId()).isEqualTo(route.spanId()));
      assertThat(attempts.stream().map(Span::spanId))
          .containsExactlyInAnyOrderElementsOf(sentSpans);
      assertThat(attempts.stream().map(a -> a.attributes().get("http.response.status_code")))
          .containsExactlyInAnyOrder("500", "200");
      assertThat(attempts.stream().map(a -> a.attributes().get("hookyard.attempt")))
          .containsExactlyInAnyOrder("1", "2");

      // 2. a vendor webhook without a traceparent starts a new trace at ingest
      String ingestUrl =
          api.post(
                  "/api/v1/sources",
                  "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\""
                      + SOURCE_SECRET
                      + "\"}")
              .body()
              .path("ingest_url")
              .asString();
      String paid = "{\"type\":\"invoice.paid\",\"data\":" + invoiceData("inv_vendor_815") + "}";
      assertThat(api.postRaw(ingestUrl, bytes(paid), signed("msg_traced", paid)).status())
          .isEqualTo(200);
      await().atMost(LONG).until(() -> flaky.received().size() >= 3);
      Matcher vendorParent =
          TRACEPARENT.matcher(String.valueOf(flaky.received().get(2).header("traceparent")));
      assertThat(vendorParent.matches())
          .as("%s, spans %s", flaky.received().get(2).headers(), otlp.spans())
          .isTrue();
      String vendorTrace = vendorParent.group(1);
      assertThat(vendorTrace).isNotEqualTo(callerTrace);
      await().atMost(LONG).until(() -> named(otlp.spans(vendorTrace), "attempt").size() == 1);
      List<Span> vendor = otlp.spans(vendorTrace);
      Span webhookIn = only(vendor, "POST /in/{source_id}");
      assertThat(webhookIn.parentSpanId()).isEmpty();
      assertThat(only(vendor, "route").parentSpanId()).isEqualTo(webhookIn.spanId());
      assertThat(only(vendor, "attempt").spanId()).isEqualTo(vendorParent.group(2));

      // 3. the failed attempt's log line is JSON carrying its trace and span ids; no body, no
      // secret
      Span failedAttempt =
          attempts.stream()
              .filter(a -> "500".equals(a.attributes().get("http.response.status_code")))
              .findFirst()
              .orElseThrow();
      await()
          .atMost(LONG)
          .until(() -> logLines(logs).stream().anyMatch(l -> l.contains("failed: status 500")));
      JsonNode failedLine =
          logLines(logs).stream()
              .filter(l -> l.contains("failed: status 500"))
              .map(l -> Json.tree(bytes(l)))
              .findFirst()
              .orElseThrow();
      assertThat(failedLine.path("traceId").asString()).isEqualTo(callerTrace);
      assertThat(failedLine.path("spanId").asString()).isEqualTo(failedAttempt.spanId());
      assertThat(failedLine.path("log").path("level").asString()).isEqualTo("INFO");

      // 4. a dead letter, and the operator's meters in /actuator/prometheus
      ApiClient.Response deadEnd =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + down.url()
                  + "\",\"event_types\":[\"user.joined\"],\"retry_schedule\":[]}");
      assertThat(deadEnd.status()).isEqualTo(201);
      assertThat(
              api.post(
                      "/api/v1/events",
                      "{\"type\":\"user.joined\",\"data\":{\"id\":\"usr_1\",\"email\":\"a@example.com\"}}")
                  .status())
          .isEqualTo(202);
      await().atMost(LONG).until(() -> metric(hookyard, "hookyard_dead_letters_total", "") >= 1);
      // the lag meter finds groups on its refresh (every 15 s): a group that committed its first
      // offsets after the last refresh appears on the next one
      await()
          .atMost(LONG)
          .untilAsserted(
              () ->
                  assertThat(hookyard.operator().getText("/actuator/prometheus"))
                      .containsPattern(
                          "hookyard_kafka_consumer_lag_records\\{[^}]*group=\"hookyard-dispatch\",topic=\"hookyard.deliveries\"")
                      .containsPattern(
                          "hookyard_kafka_consumer_lag_records\\{[^}]*group=\"hookyard-routing\",topic=\"hookyard.events\"")
                      .contains("hookyard_dispatch_delay_tier_depth{tier=\"1s\"}")
                      .contains("hookyard_dispatch_delay_tier_depth{tier=\"1h\"}"));
      String scrape = hookyard.operator().getText("/actuator/prometheus");

      // 5. every metric the shipped alert rules and dashboard use is in a real scrape
      Set<String> used = new TreeSet<>();
      used.addAll(metricsInAlertRules());
      used.addAll(metricsInDashboard());
      assertThat(used).contains("hookyard_kafka_consumer_lag_records", "hookyard_syncs_failing");
      Set<String> scraped = new TreeSet<>();
      Matcher names = Pattern.compile("(?m)^(hookyard_[a-z0-9_]+)[{ ]").matcher(scrape);
      while (names.find()) {
        scraped.add(names.group(1));
      }
      assertThat(scraped).containsAll(used);

      String everything = logs.toString(StandardCharsets.UTF_8);
      assertThat(everything)
          .doesNotContain("inv_traced_4711", "inv_vendor_815", "a@example.com")
          .doesNotContain(endpointSecret, SOURCE_SECRET, api.key());
    } finally {
      System.setOut(console);
    }
  }

  private static List<Span> named(List<Span> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Span only(List<Span> spans, String name) {
    List<Span> found = named(spans, name);
    assertThat(found).as(name + " in " + spans).hasSize(1);
    return found.get(0);
  }

  private static String invoiceData(String id) {
    return "{\"id\":\"" + id + "\",\"customer_id\":\"cus_1\",\"amount\":4200,\"currency\":\"EUR\"}";
  }

  private static String invoice(String id) {
    return "{\"type\":\"invoice.paid\",\"subject\":\""
        + id
        + "\",\"data\":"
        + invoiceData(id)
        + "}";
  }

  private static Map<String, String> signed(String id, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(now));
    headers.put("webhook-signature", new Webhook(SOURCE_SECRET).sign(id, now, body));
    return headers;
  }

  private static List<String> logLines(ByteArrayOutputStream logs) {
    return logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
  }

  private static double metric(RunningHookyard hookyard, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$")
            .matcher(hookyard.operator().getText("/actuator/prometheus"));
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  /** The metric names in every rule's {@code expr} of deploy/prometheus/alerts.yml. */
  @SuppressWarnings("unchecked")
  private static Set<String> metricsInAlertRules() throws Exception {
    Map<String, Object> rules =
        new Yaml().load(Files.readString(repo().resolve("deploy/prometheus/alerts.yml")));
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        names.addAll(metricNames((String) rule.get("expr")));
      }
    }
    return names;
  }

  /** The metric names in every panel target's {@code expr} of deploy/grafana/hookyard.json. */
  private static Set<String> metricsInDashboard() throws Exception {
    JsonNode dashboard =
        Json.tree(Files.readAllBytes(repo().resolve("deploy/grafana/hookyard.json")));
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.addAll(metricNames(target.path("expr").asString()));
      }
    }
    assertThat(names).isNotEmpty();
    return names;
  }

  private static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  private static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository's deploy/ folder").isNotNull();
    return dir;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
