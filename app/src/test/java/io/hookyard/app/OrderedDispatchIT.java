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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A failing ordered endpoint on the whole system in embedded mode: its head is retried in place,
 * and a restart goes on with the head's try count instead of starting it again at attempt 1. Real
 * broker, real PostgreSQL, a scripted subscriber on loopback; all waiting is awaited.
 */
class OrderedDispatchIT {
  private static final Duration LONG = Duration.ofSeconds(120);
  private static final String OPEN_FOR = "--hookyard.dispatch.circuit-open-for=1s";

  @TempDir Path dataDir;

  @Test
  void aRestartGoesOnWithTheFailingHeadsTryCount() throws Exception {
    try (ScriptedReceiver receiver = new ScriptedReceiver().thenAnswer(500)) {
      String key;
      String id;
      try (RunningHookyard hookyard = RunningHookyard.start(dataDir, OPEN_FOR)) {
        ApiClient api = tenant(hookyard);
        key = api.key();
        id =
            invoiceEndpoint(
                api,
                receiver.url(),
                "\"ordered\":true,\"retry_schedule\":[\"PT1S\",\"PT1S\",\"PT30S\",\"PT1S\"]");
        publishInvoice(api, "counted");
        // the third try failed and its retry waits at the head of the lane: stop right then (30 s
        // is the fourth try's wait so that a slow stop on a loaded machine cannot reach it: CI once
        // saw a fourth try made while the app stopped, with the 5 s the test had before)
        await().atMost(LONG).until(() -> attempts(api, id).size() == 3);
        assertThat(attempts(api, id).get(0).path("next_attempt_at").isString()).isTrue();
      }
      receiver.thenAnswer(200);
      try (RunningHookyard again = RunningHookyard.start(dataDir, OPEN_FOR)) {
        ApiClient api = new ApiClient(again.baseUrl(), key);
        await().atMost(LONG).until(() -> attempts(api, id).size() >= 4);
        List<JsonNode> log = attempts(api, id); // newest first
        assertThat(log)
            .extracting(a -> a.path("attempt").asInt())
            .as("the fourth try, not a first one again")
            .containsExactly(4, 3, 2, 1);
        assertThat(log.get(0).path("status").asString()).isEqualTo("succeeded");
        List<ScriptedReceiver.Got> got = receiver.received();
        assertThat(got)
            .extracting(ScriptedReceiver.Got::status)
            .containsExactly(500, 500, 500, 200);
        assertThat(got)
            .extracting(g -> g.header("webhook-id"))
            .containsOnly(got.get(0).header("webhook-id"));
      }
    }
  }
}
