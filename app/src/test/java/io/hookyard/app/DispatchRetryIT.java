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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A retry survives a stop of the whole system in embedded mode (real KRaft broker, real PostgreSQL)
 * on the same data folder, against a scripted subscriber on loopback; nothing here sleeps,
 * everything is awaited. (Retries, dead letters and replay without a stop are in {@code
 * RetryAndReplayIT}, on the shared app.)
 */
class DispatchRetryIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  @Test
  void stoppingMidRetryLosesNothing() throws Exception {
    try (ScriptedReceiver flaky = new ScriptedReceiver(Answer.of(500)).thenAnswer(200)) {
      String key;
      String id;
      try (RunningHookyard hookyard = RunningHookyard.start(dataDir)) {
        ApiClient api = tenant(hookyard);
        key = api.key();
        id = invoiceEndpoint(api, flaky.url(), "\"retry_schedule\":[\"PT8S\"]");
        publishInvoice(api, "survives");
        // the attempt is logged only once its retry is on a delay tier: stop right then
        await().atMost(LONG).until(() -> attempts(api, id).size() == 1);
        assertThat(attempts(api, id).get(0).path("next_attempt_at").isString()).isTrue();
      }
      try (RunningHookyard again = RunningHookyard.start(dataDir)) {
        ApiClient api = new ApiClient(again.baseUrl(), key);
        await().atMost(LONG).until(() -> flaky.received().size() >= 2);
        assertThat(flaky.received()).hasSize(2);
        assertThat(flaky.received().get(1).status()).isEqualTo(200);
        assertThat(flaky.received().get(1).body()).contains("survives");
        await().atMost(LONG).until(() -> attempts(api, id).size() == 2);
        assertThat(attempts(api, id).get(0).path("attempt").asInt()).isEqualTo(2);
        assertThat(attempts(api, id).get(0).path("status").asString()).isEqualTo("succeeded");
      }
    }
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.path(field).asString());
  }
}
