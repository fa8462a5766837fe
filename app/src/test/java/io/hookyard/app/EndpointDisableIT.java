package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * 410 Gone and a run of failures disable an endpoint in PostgreSQL and on {@code hookyard.config},
 * and the tenant hears of it through an {@code endpoint.disabled} event like any other.
 */
class EndpointDisableIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  @Test
  void goneAndTooManyFailuresDisableTheEndpointAndTellTheTenant() throws Exception {
    try (RunningHookyard hookyard =
            RunningHookyard.start(dataDir, "--hookyard.control.disable-after-failures=3");
        ScriptedReceiver gone = new ScriptedReceiver().thenAnswer(410);
        ScriptedReceiver failing = new ScriptedReceiver().thenAnswer(500);
        LoopbackReceiver watcher = new LoopbackReceiver()) {
      ApiClient.Response tenant = hookyard.operator().post("/api/v1/tenants", "{\"name\":\"T\"}");
      ApiClient api = new ApiClient(hookyard.baseUrl(), tenant.body().path("api_key").asString());
      String goneId = endpoint(api, gone.url(), "[\"invoice.paid\"]", "[\"PT1S\"]");
      String failingId = endpoint(api, failing.url(), "[\"invoice.failed\"]", "[]");
      String watcherId = endpoint(api, watcher.url(), "[\"endpoint.disabled\"]", "[]");

      publish(api, "invoice.paid", "a");
      await().atMost(LONG).until(() -> disabled(api, goneId));
      await().atMost(LONG).until(() -> watcher.received().size() == 1);
      JsonNode first = body(watcher.received().get(0));
      assertThat(first.path("event_type").asString()).isEqualTo("endpoint.disabled");
      assertThat(first.path("data").path("endpoint_id").asString()).isEqualTo(goneId);
      assertThat(first.path("data").path("reason").asString()).isEqualTo("gone");
      assertThat(gone.received()).as("410 is not retried").hasSize(1);

      assertThat(deadLetters(api, goneId)).singleElement();
      JsonNode health = api.get("/api/v1/endpoints/" + goneId + "/health").body();
      assertThat(health.path("status").asString()).isEqualTo("disabled");
      assertThat(health.path("disabled_reason").asString()).isEqualTo("gone");
      assertThat(health.path("consecutive_failures").asInt()).isEqualTo(1);
      publish(api, "invoice.paid", "routed-to-nobody");

      for (int i = 0; i < 3; i++) {
        publish(api, "invoice.failed", "f" + i);
      }
      await().atMost(LONG).until(() -> disabled(api, failingId));
      await().atMost(LONG).until(() -> watcher.received().size() == 2);
      JsonNode second = body(watcher.received().get(1));
      assertThat(second.path("data").path("endpoint_id").asString()).isEqualTo(failingId);
      assertThat(second.path("data").path("reason").asString()).isEqualTo("consecutive_failures");
      assertThat(second.path("data").path("consecutive_failures").asInt()).isEqualTo(3);
      assertThat(gone.received()).as("a disabled endpoint gets nothing").hasSize(1);
      assertThat(watcher.received()).hasSize(2);
      JsonNode watcherHealth = api.get("/api/v1/endpoints/" + watcherId + "/health").body();
      assertThat(watcherHealth.path("status").asString()).isEqualTo("healthy");
      assertThat(watcherHealth.path("success_rate_1h").asDouble()).isEqualTo(1.0);
      assertThat(watcherHealth.path("last_success_at").isString()).isTrue();
    }
  }

  private static boolean disabled(ApiClient api, String id) {
    return api.get("/api/v1/endpoints/" + id).body().path("disabled").asBoolean();
  }

  private static List<JsonNode> deadLetters(ApiClient api, String endpointId) {
    List<JsonNode> all = new java.util.ArrayList<>();
    api.get("/api/v1/dead-letters?endpoint_id=" + endpointId).body().path("data").forEach(all::add);
    return all;
  }

  private static JsonNode body(LoopbackReceiver.Received request) {
    return Json.tree(request.body().getBytes(StandardCharsets.UTF_8));
  }

  private static String endpoint(ApiClient api, String url, String types, String schedule) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\""
                + url
                + "\",\"event_types\":"
                + types
                + ",\"retry_schedule\":"
                + schedule
                + "}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private static void publish(ApiClient api, String type, String id) {
    String event =
        Json.writeString(
            Map.of(
                "type",
                type,
                "subject",
                id,
                "data",
                Map.of("id", id, "customer_id", "cus_1", "amount", 1200, "currency", "EUR")));
    assertThat(api.post("/api/v1/events", event).status()).isEqualTo(202);
  }
}
