package io.hookyard.app;

import static io.hookyard.app.support.DispatchScenario.attempts;
import static io.hookyard.app.support.DispatchScenario.invoiceEndpoint;
import static io.hookyard.app.support.DispatchScenario.publishInvoice;
import static io.hookyard.app.support.DispatchScenario.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.ScriptedReceiver.Answer;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Per-endpoint lanes on the whole system in embedded mode: the rate limit spreads requests evenly,
 * the circuit opens after five failures and closes after a successful probe, and an ordered
 * endpoint that fails holds only its own deliveries, not an unordered neighbour's on the same
 * partition. Real broker, real PostgreSQL, scripted subscribers on loopback; all waiting is
 * awaited, nothing sleeps.
 */
class DispatchLanesIT {
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir Path dataDir;

  @Test
  void aRateLimitOf600PerMinuteSpreadsThreeHundredSendsEvenly() throws Exception {
    try (RunningHookyard hookyard = RunningHookyard.start(dataDir);
        ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient api = tenant(hookyard);
      String id = invoiceEndpoint(api, receiver.url(), "\"rate_limit_per_minute\":600");
      int sends = 300;
      for (int i = 0; i < sends; i++) {
        publishInvoice(api, "rate-" + i);
      }

      await().atMost(LONG).until(() -> receiver.received().size() >= sends);
      List<ScriptedReceiver.Got> got = receiver.received();
      assertThat(got).hasSize(sends);
      assertThat(got.stream().map(g -> g.header("webhook-id")).distinct()).hasSize(sends);
      // 600/min is one request per 100 ms. Arrival times are read on a loaded machine, where a
      // stalled receiver thread can read several requests at once, so the measure is the whole run
      // and the typical gap, not the busiest instant.
      long[] at = got.stream().mapToLong(ScriptedReceiver.Got::receivedAtNanos).sorted().toArray();
      long[] gaps = new long[at.length - 1];
      for (int i = 1; i < at.length; i++) {
        gaps[i - 1] = at[i] - at[i - 1];
      }
      java.util.Arrays.sort(gaps);
      assertThat(Duration.ofNanos(at[at.length - 1] - at[0]))
          .as("300 sends at 100 ms spacing cannot take less than 29.9 s")
          .isGreaterThanOrEqualTo(Duration.ofMillis(29_000));
      assertThat(Duration.ofNanos(gaps[gaps.length / 2]))
          .as("the median gap between two requests")
          .isGreaterThanOrEqualTo(Duration.ofMillis(90));
      await().atMost(LONG).until(() -> attempts(api, id).size() == sends);
      String metrics = hookyard.operator().getText("/actuator/prometheus");
      assertThat(metrics)
          .contains("hookyard_dispatch_deliveries_total{outcome=\"succeeded\"} 300.0")
          .contains("hookyard_dispatch_circuits{state=\"closed\"} 1.0")
          .contains("hookyard_dispatch_end_to_end_seconds_bucket");
    }
  }

  @Test
  void fiveFailuresOpenTheCircuitAndASuccessfulProbeClosesIt() throws Exception {
    try (RunningHookyard hookyard =
            RunningHookyard.start(dataDir, "--hookyard.dispatch.circuit-open-for=3s");
        ScriptedReceiver receiver =
            new ScriptedReceiver(
                Answer.of(500),
                Answer.of(500),
                Answer.of(500),
                Answer.of(500),
                Answer.of(500),
                Answer.of(500))) {
      ApiClient api = tenant(hookyard);
      String id =
          invoiceEndpoint(
              api, receiver.url(), "\"retry_schedule\":[\"PT1S\",\"PT1S\",\"PT1S\",\"PT1S\"]");
      for (int i = 0; i < 5; i++) {
        publishInvoice(api, "first-" + i);
      }
      await().atMost(LONG).until(() -> attempts(api, id).size() == 5);
      JsonNode health = api.get("/api/v1/endpoints/" + id + "/health").body();
      assertThat(health.path("status").asString()).isEqualTo("circuit_open");

      for (int i = 0; i < 5; i++) {
        publishInvoice(api, "later-" + i);
      }
      await()
          .atMost(LONG)
          .until(
              () ->
                  receiver.received().stream()
                          .filter(g -> g.status() == 200)
                          .map(g -> g.header("webhook-id"))
                          .distinct()
                          .count()
                      == 10);

      List<ScriptedReceiver.Got> got = receiver.received();
      assertThat(got.stream().filter(g -> g.status() == 500))
          .as("five failures, then one failed probe; nothing else reached the open circuit")
          .hasSize(6);
      assertThat(got.get(6).status()).as("the second probe closes the circuit").isEqualTo(200);
      assertThat(got.stream().filter(g -> g.status() == 200)).hasSize(10);
      assertThat(api.get("/api/v1/endpoints/" + id + "/health").body().path("status").asString())
          .isEqualTo("healthy");
    }
  }

  @Test
  void anOrderedEndpointHoldsOnlyItsOwnDeliveriesWhileItFails() throws Exception {
    try (RunningHookyard hookyard =
            RunningHookyard.start(dataDir, "--hookyard.dispatch.circuit-open-for=2s");
        ScriptedReceiver ordered = new ScriptedReceiver().thenAnswer(503);
        ScriptedReceiver neighbour = new ScriptedReceiver()) {
      ApiClient api = tenant(hookyard);
      String schedule = "\"retry_schedule\":[" + "\"PT1S\",".repeat(19) + "\"PT1S\"]";
      String orderedId = invoiceEndpoint(api, ordered.url(), "\"ordered\":true," + schedule);
      String neighbourId = invoiceEndpoint(api, neighbour.url(), schedule);
      while (partition(neighbourId) != partition(orderedId)) {
        assertThat(api.delete("/api/v1/endpoints/" + neighbourId).status()).isEqualTo(204);
        neighbourId = invoiceEndpoint(api, neighbour.url(), schedule);
      }

      for (int i = 0; i < 5; i++) {
        publishInvoice(api, "seq-" + i, "one-customer");
      }
      await().atMost(LONG).until(() -> neighbour.received().size() == 5);
      assertThat(ordered.received())
          .as("while it fails, the ordered endpoint gets only its first event, again and again")
          .isNotEmpty()
          .allSatisfy(g -> assertThat(g.body()).contains("seq-0"));

      ordered.thenAnswer(200);
      await()
          .atMost(LONG)
          .until(() -> ordered.received().stream().filter(g -> g.status() == 200).count() == 5);
      List<String> order = new ArrayList<>();
      for (ScriptedReceiver.Got g : ordered.received()) {
        if (g.status() == 200) {
          order.add(
              Json.tree(g.body().getBytes(StandardCharsets.UTF_8))
                  .path("data")
                  .path("id")
                  .asString());
        }
      }
      assertThat(order).containsExactly("seq-0", "seq-1", "seq-2", "seq-3", "seq-4");
    }
  }

  private static int partition(String endpointId) {
    byte[] key = endpointId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % Topics.DELIVERIES.partitions();
  }
}
