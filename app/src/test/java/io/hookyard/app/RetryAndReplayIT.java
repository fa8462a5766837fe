package io.hookyard.app;

import static io.hookyard.app.support.DispatchScenario.attempts;
import static io.hookyard.app.support.DispatchScenario.deadLetters;
import static io.hookyard.app.support.DispatchScenario.invoiceEndpoint;
import static io.hookyard.app.support.DispatchScenario.publishInvoice;
import static io.hookyard.app.support.DispatchScenario.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.ScriptedReceiver.Answer;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Retries, dead letters and replay on the shared app in embedded mode (real KRaft broker, real
 * PostgreSQL) against scripted subscribers on loopback. Schedules are PT1S so the tests are short;
 * an endpoint failing five times in a row has its circuit open for the shared app's 3 s. Nothing
 * here sleeps, everything is awaited. (A stop in the middle of a retry is in {@code
 * DispatchRetryIT}, on an app of its own.)
 */
@SharedHookyard.Sharing
class RetryAndReplayIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @Test
  void failuresAreRetriedOnTheScheduleHonouringRetryAfterThenDeadLetteredAndReplayedOnce()
      throws Exception {
    RunningHookyard hookyard = SharedHookyard.get();
    try (ScriptedReceiver flaky =
            new ScriptedReceiver(Answer.of(500), new Answer(503, "3"), Answer.of(200));
        ScriptedReceiver down = new ScriptedReceiver().thenAnswer(500)) {
      ApiClient api = tenant(hookyard);
      String flakyId =
          invoiceEndpoint(api, flaky.url(), "\"retry_schedule\":[\"PT1S\",\"PT1S\",\"PT1S\"]");
      String downId = invoiceEndpoint(api, down.url(), "\"retry_schedule\":[\"PT1S\"]");

      publishInvoice(api, "retried");
      await().atMost(LONG).until(() -> flaky.received().size() == 3);
      await().atMost(LONG).until(() -> down.received().size() == 2);

      List<ScriptedReceiver.Got> tries = flaky.received();
      assertThat(tries).extracting(ScriptedReceiver.Got::status).containsExactly(500, 503, 200);
      assertThat(tries)
          .extracting(t -> t.header("webhook-id"))
          .as("one webhook-id across retries")
          .containsOnly(tries.get(0).header("webhook-id"));

      await().atMost(LONG).until(() -> attempts(api, flakyId).size() == 3);
      List<JsonNode> log = attempts(api, flakyId); // newest first
      assertThat(log).extracting(a -> a.path("attempt").asInt()).containsExactly(3, 2, 1);
      assertThat(log.get(0).path("next_attempt_at").isNull()).isTrue();
      JsonNode throttled = log.get(1);
      assertThat(throttled.path("status_code").asInt()).isEqualTo(503);
      assertThat(
              Duration.between(
                  instant(throttled, "created_at"), instant(throttled, "next_attempt_at")))
          .as("Retry-After: 3 outweighs the 1 s schedule")
          .isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
      assertThat(log.get(2).path("next_attempt_at").isString()).isTrue();

      await().atMost(LONG).until(() -> deadLetters(api, downId).size() == 1);
      JsonNode dead = deadLetters(api, downId).get(0);
      assertThat(dead.path("attempts").asInt()).isEqualTo(2);
      assertThat(dead.path("last_status_code").asInt()).isEqualTo(500);
      assertThat(dead.path("last_error").asString()).isEqualTo("http_500");
      assertThat(dead.path("payload").path("data").path("id").asString()).isEqualTo("retried");
      assertThat(deadLetters(api, flakyId)).isEmpty();

      down.thenAnswer(200);
      ApiClient.Response replay =
          api.post("/api/v1/dead-letters/" + dead.path("id").asString() + "/replay", "");
      assertThat(replay.status()).isEqualTo(202);
      assertThat(replay.body().path("replayed").asInt()).isEqualTo(1);
      await().atMost(LONG).until(() -> down.received().size() == 3);
      assertThat(down.received().get(2).status()).isEqualTo(200);
      assertThat(down.received().get(2).header("webhook-id"))
          .isEqualTo(down.received().get(0).header("webhook-id"));

      ApiClient.Response again =
          api.post("/api/v1/dead-letters/" + dead.path("id").asString() + "/replay", "");
      assertThat(again.status()).isEqualTo(409);
      ApiClient.Response range =
          api.post("/api/v1/dead-letters/replay", "{\"endpoint_id\":\"" + downId + "\"}");
      assertThat(range.status()).isEqualTo(202);
      assertThat(range.body().path("replayed").asInt()).as("already replayed").isZero();
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> down.received().size() == 3);

      ApiClient other = tenant(hookyard);
      assertThat(deadLetters(other, downId)).isEmpty();
      assertThat(
              other
                  .post("/api/v1/dead-letters/" + dead.path("id").asString() + "/replay", "")
                  .status())
          .isEqualTo(404);
    }
  }

  @Test
  void aRangeReplaySendsEveryDeadLetterOfTheEndpointOnce() throws Exception {
    RunningHookyard hookyard = SharedHookyard.get();
    try (ScriptedReceiver down = new ScriptedReceiver().thenAnswer(503)) {
      ApiClient api = tenant(hookyard);
      String id = invoiceEndpoint(api, down.url(), "\"retry_schedule\":[]");
      Instant since = Instant.now().minusSeconds(1);
      for (int i = 0; i < 5; i++) {
        publishInvoice(api, "bulk-" + i);
      }
      await().atMost(LONG).until(() -> deadLetters(api, id).size() == 5);

      down.thenAnswer(200);
      ApiClient.Response bad =
          api.post(
              "/api/v1/dead-letters/replay", "{\"endpoint_id\":\"" + id + "\",\"since\":\"x\"}");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.body().path("error").path("details").path("field").asString())
          .isEqualTo("since");
      ApiClient.Response replay =
          api.post(
              "/api/v1/dead-letters/replay",
              Json.writeString(
                  Map.of(
                      "endpoint_id", id,
                      "since", since.toString(),
                      "until", Instant.now().plusSeconds(1).toString())));
      assertThat(replay.status()).isEqualTo(202);
      assertThat(replay.body().path("replayed").asInt()).isEqualTo(5);
      await().atMost(LONG).until(() -> down.received().size() == 10);
      assertThat(down.received().subList(5, 10))
          .extracting(ScriptedReceiver.Got::status)
          .containsOnly(200);

      down.thenAnswer(503);
      publishInvoice(api, "recovered");
      await().atMost(LONG).until(() -> deadLetters(api, id).size() == 6);
      down.thenAnswer(200);
      ApiClient.Response recover =
          api.post(
              "/api/v1/endpoints/" + id + "/recover", "{\"since\":\"" + since.toString() + "\"}");
      assertThat(recover.status()).isEqualTo(202);
      assertThat(recover.body().path("replayed").asInt()).as("only what was not replayed").isOne();
      await().atMost(LONG).until(() -> down.received().size() == 12);
      assertThat(down.received().get(11).body()).contains("recovered");
    }
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.path(field).asString());
  }
}
