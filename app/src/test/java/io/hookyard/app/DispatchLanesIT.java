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
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-endpoint lanes on the whole system in embedded mode: the rate limit spreads requests evenly,
 * as the app's own dispatch metrics confirm (so it has an app of its own). Real broker, real
 * PostgreSQL, a scripted subscriber on loopback; all waiting is awaited, nothing sleeps. (Circuits
 * and ordered endpoints are in {@code CircuitAndOrderingIT}, on the shared app.)
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

  private static int partition(String endpointId) {
    byte[] key = endpointId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % Topics.DELIVERIES.partitions();
  }
}
