package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole system in embedded mode: a real KRaft broker, a real PostgreSQL, a real subscriber on
 * loopback. One event travels every hop; the data folder survives a restart.
 */
class EndToEndIT {
  private static final List<String> TYPES =
      List.of("invoice.paid", "invoice.failed", "user.joined", "user.invited", "contact.created");

  @TempDir Path dataDir;

  /** Hookyard on a data folder; {@link EndToEndContainersIT} points it at containers instead. */
  RunningHookyard start(Path dir) {
    return RunningHookyard.start(dir);
  }

  @Test
  void eventsReachMatchingEndpointsOnceSignedAndLoggedAndSurviveARestart() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      String endpointId;
      String tenantKey;
      String secret;
      Set<String> expected = new HashSet<>();
      try (RunningHookyard hookyard = start(dataDir)) {
        ApiClient.Response tenant =
            hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Acme\"}");
        assertThat(tenant.status()).isEqualTo(201);
        assertThat(tenant.body().path("id").asString()).startsWith("ten_");
        tenantKey = tenant.body().path("api_key").asString();
        ApiClient api = new ApiClient(hookyard.baseUrl(), tenantKey);

        ApiClient.Response endpoint =
            api.post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"invoice.*\",\"user.joined\"]}");
        assertThat(endpoint.status()).isEqualTo(201);
        endpointId = endpoint.body().path("id").asString();
        secret = endpoint.body().path("secret").asString();
        assertThat(endpointId).startsWith("ep_");
        assertThat(secret).startsWith("whsec_");

        for (int i = 0; i < 200; i++) {
          String type = TYPES.get(i % TYPES.size());
          ApiClient.Response published = api.post("/api/v1/events", event(type, "n" + i));
          assertThat(published.status()).as(published.toString()).isEqualTo(202);
          assertThat(published.body().path("id").asString()).startsWith("evt_");
          if (type.startsWith("invoice.") || type.equals("user.joined")) {
            expected.add("n" + i);
          }
        }

        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> receiver.received().size() >= expected.size());
        List<LoopbackReceiver.Received> got = receiver.received();
        Webhook verifier = new Webhook(secret);
        Set<String> webhookIds = new HashSet<>();
        List<String> subjects = new ArrayList<>();
        for (LoopbackReceiver.Received request : got) {
          verifier.verify(request.body(), request.headers());
          JsonNode body = Json.tree(request.body().getBytes(StandardCharsets.UTF_8));
          assertThat(request.header("webhook-id")).isEqualTo(body.path("webhook_id").asString());
          assertThat(request.header("x-webhook-id")).isEqualTo(request.header("webhook-id"));
          assertThat(request.header("content-type")).startsWith("application/json");
          assertThat(body.path("event_type").asString()).matches("invoice\\..*|user\\.joined");
          assertThat(body.path("tenant_id").asString())
              .isEqualTo(tenant.body().path("id").asString());
          webhookIds.add(request.header("webhook-id"));
          subjects.add(body.path("data").path("id").asString());
        }
        assertThat(subjects).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(webhookIds).hasSize(expected.size());

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> attempts(api, endpointId).size() == expected.size());
        List<JsonNode> attempts = attempts(api, endpointId);
        assertThat(attempts)
            .allSatisfy(
                a -> {
                  assertThat(a.path("status").asString()).isEqualTo("succeeded");
                  assertThat(a.path("status_code").asInt()).isEqualTo(200);
                  assertThat(webhookIds).contains(a.path("webhook_id").asString());
                });

        ApiClient.Response secondPage =
            api.get("/api/v1/endpoints/" + endpointId + "/attempts?limit=10");
        assertThat(secondPage.body().path("data")).hasSize(10);
        assertThat(secondPage.body().path("next_cursor").isString()).isTrue();

        String log = "/api/v1/endpoints/" + endpointId + "/attempts";
        JsonNode joined = api.get(log + "?event_type=user.joined&limit=500").body().path("data");
        assertThat(joined)
            .isNotEmpty()
            .allSatisfy(a -> assertThat(a.path("event_type").asString()).isEqualTo("user.joined"));
        JsonNode slim = api.get(log + "?fields=id,status&limit=5").body().path("data");
        assertThat(slim)
            .hasSize(5)
            .allSatisfy(
                a -> {
                  assertThat(a.size()).isEqualTo(2);
                  assertThat(a.has("id") && a.has("status")).isTrue();
                });
        JsonNode oldest = api.get(log + "?sort=created_at:asc&limit=3").body();
        assertThat(oldest.path("data").get(0).path("id").asString())
            .isEqualTo(attempts.get(attempts.size() - 1).path("id").asString())
            .isLessThan(oldest.path("data").get(1).path("id").asString());
        String next = oldest.path("next_cursor").asString();
        JsonNode after = api.get(log + "?sort=created_at:asc&limit=3&cursor=" + next).body();
        assertThat(after.path("data").get(0).path("id").asString())
            .isGreaterThan(oldest.path("data").get(2).path("id").asString());
        assertThat(api.get(log + "?since=2999-01-01T00:00:00Z").body().path("data")).isEmpty();
        assertThat(api.get(log + "?until=2999-01-01T00:00:00Z&limit=500").body().path("data"))
            .hasSize(expected.size());
        assertThat(api.get(log + "?since=yesterday").status()).isEqualTo(400);
      }

      int before = receiver.received().size();
      try (RunningHookyard again = start(dataDir)) {
        ApiClient api = new ApiClient(again.baseUrl(), tenantKey);
        ApiClient.Response endpoint = api.get("/api/v1/endpoints/" + endpointId);
        assertThat(endpoint.status()).isEqualTo(200);
        assertThat(endpoint.body().has("secret")).isFalse();
        assertThat(attempts(api, endpointId)).hasSize(expected.size());

        assertThat(api.post("/api/v1/events", event("invoice.paid", "after-restart")).status())
            .isEqualTo(202);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    receiver.received().stream().anyMatch(r -> r.body().contains("after-restart")));
        assertThat(receiver.received()).hasSize(before + 1);
        new Webhook(secret)
            .verify(
                receiver.received().get(before).body(), receiver.received().get(before).headers());
      }
    }
  }

  private static String event(String type, String id) {
    Map<String, Object> data = new HashMap<>();
    data.put("id", id);
    switch (type) {
      case "invoice.paid", "invoice.failed" -> {
        data.put("customer_id", "cus_1");
        data.put("amount", 1200);
        data.put("currency", "EUR");
      }
      case "user.joined", "user.invited" -> data.put("email", id + "@example.com");
      default -> data.put("email", id + "@example.com");
    }
    return Json.writeString(Map.of("type", type, "data", data, "subject", id));
  }

  private static List<JsonNode> attempts(ApiClient api, String endpointId) {
    JsonNode page = api.get("/api/v1/endpoints/" + endpointId + "/attempts?limit=500").body();
    List<JsonNode> all = new ArrayList<>();
    page.path("data").forEach(all::add);
    return all;
  }
}
