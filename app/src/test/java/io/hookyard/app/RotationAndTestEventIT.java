package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Secret rotation and test events against one embedded Hookyard (real broker, real PostgreSQL) and
 * real subscribers on loopback, checked the way a subscriber would: with the Standard Webhooks
 * library. Each test makes its own tenants and receivers.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RotationAndTestEventIT {
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @Test
  void afterARotationEveryWebhookVerifiesUnderTheOldAndTheNewSecret() throws Exception {
    ApiClient acme = tenant("Acme");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      JsonNode endpoint = createEndpoint(acme, receiver, "[\"invoice.*\"]");
      String id = endpoint.path("id").asString();
      String first = endpoint.path("secret").asString();

      ApiClient.Response rotated = acme.post("/api/v1/endpoints/" + id + "/secret/rotate", "");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      String second = rotated.body().path("secret").asString();
      assertThat(second).startsWith("whsec_").isNotEqualTo(first);
      assertThat(Instant.parse(rotated.body().path("previous_secret_expires_at").asString()))
          .isAfter(Instant.now().plus(Duration.ofHours(23)));

      LoopbackReceiver.Received during = publishAndReceive(acme, receiver, "inv_1");
      assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
      assertThatCode(() -> new Webhook(second).verify(during.body(), during.headers()))
          .doesNotThrowAnyException();
      assertThatCode(() -> new Webhook(first).verify(during.body(), during.headers()))
          .doesNotThrowAnyException();

      ApiClient.Response again = acme.post("/api/v1/endpoints/" + id + "/secret/rotate", "");
      assertThat(again.status()).isEqualTo(200);
      String third = again.body().path("secret").asString();

      LoopbackReceiver.Received after = publishAndReceive(acme, receiver, "inv_2");
      assertThat(after.header("webhook-signature").split(" ")).hasSize(2);
      assertThatCode(() -> new Webhook(third).verify(after.body(), after.headers()))
          .doesNotThrowAnyException();
      assertThatCode(() -> new Webhook(second).verify(after.body(), after.headers()))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> new Webhook(first).verify(after.body(), after.headers()))
          .isInstanceOf(WebhookVerificationException.class);

      ApiClient.Response shown = acme.get("/api/v1/endpoints/" + id);
      assertThat(shown.toString()).doesNotContain(third).doesNotContain(second);
      JsonNode audit = acme.get("/api/v1/audit?limit=500").body().path("data");
      List<String> rotations = new ArrayList<>();
      audit.forEach(
          e -> {
            if (e.path("action").asString().equals("endpoint.secret_rotated")) {
              rotations.add(e.path("target_id").asString());
            }
          });
      assertThat(rotations).containsExactly(id, id);
    }
  }

  @Test
  void anotherTenantsEndpointCannotBeRotatedOrTested() throws Exception {
    ApiClient acme = tenant("Acme");
    ApiClient other = tenant("Other");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      JsonNode endpoint = createEndpoint(acme, receiver, "[\"invoice.*\"]");
      String id = endpoint.path("id").asString();

      ApiClient.Response rotate = other.post("/api/v1/endpoints/" + id + "/secret/rotate", "");
      assertThat(rotate.status()).isEqualTo(404);
      assertThat(rotate.body().path("error").path("code").asString()).isEqualTo("not_found");
      ApiClient.Response test =
          other.post("/api/v1/endpoints/" + id + "/test", "{\"event_type\":\"invoice.paid\"}");
      assertThat(test.status()).isEqualTo(404);
      assertThat(acme.post("/api/v1/endpoints/ep_nope/secret/rotate", "").status()).isEqualTo(404);

      LoopbackReceiver.Received unchanged = publishAndReceive(acme, receiver, "inv_3");
      assertThat(unchanged.header("webhook-signature").split(" ")).hasSize(1);
      new Webhook(endpoint.path("secret").asString()).verify(unchanged.body(), unchanged.headers());
    }
  }

  @Test
  void aTestEventIsDeliveredSignedAndShowsInTheAttemptLog() throws Exception {
    ApiClient acme = tenant("Acme");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      JsonNode endpoint = createEndpoint(acme, receiver, "[\"user.joined\", \"invoice.*\"]");
      String id = endpoint.path("id").asString();

      ApiClient.Response sent =
          acme.post("/api/v1/endpoints/" + id + "/test", "{\"event_type\":\"invoice.paid\"}");
      assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
      String webhookId = sent.body().path("webhook_id").asString();
      assertThat(webhookId).startsWith("msg_");
      assertThat(sent.body().path("id").asString()).startsWith("evt_");

      await().atMost(DELIVERY).until(() -> !receiver.received().isEmpty());
      LoopbackReceiver.Received request = receiver.received().get(0);
      new Webhook(endpoint.path("secret").asString()).verify(request.body(), request.headers());
      assertThat(request.header("webhook-id")).isEqualTo(webhookId);
      JsonNode body = Json.tree(request.body().getBytes(StandardCharsets.UTF_8));
      assertThat(body.path("event_type").asString()).isEqualTo("invoice.paid");
      assertThat(body.path("webhook_id").asString()).isEqualTo(webhookId);
      JsonNode example =
          catalogExample(acme, "invoice.paid").orElseThrow(() -> new AssertionError("no example"));
      assertThat(body.path("data")).isEqualTo(example);

      String log = "/api/v1/endpoints/" + id + "/attempts";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> acme.get(log).body().path("data").size() == 1);
      JsonNode attempt = acme.get(log).body().path("data").get(0);
      assertThat(attempt.path("webhook_id").asString()).isEqualTo(webhookId);
      assertThat(attempt.path("event_type").asString()).isEqualTo("invoice.paid");
      assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
      assertThat(attempt.path("status_code").asInt()).isEqualTo(200);
    }
  }

  @Test
  void withoutABodyTheFirstSubscribedTypeIsSent() throws Exception {
    ApiClient acme = tenant("Acme");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      String id =
          createEndpoint(acme, receiver, "[\"user.joined\", \"invoice.*\"]").path("id").asString();

      ApiClient.Response sent = acme.post("/api/v1/endpoints/" + id + "/test", "");

      assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
      assertThat(sent.body().path("event_type").asString()).isEqualTo("user.joined");
      await().atMost(DELIVERY).until(() -> !receiver.received().isEmpty());
      assertThat(receiver.received().get(0).body()).contains("\"event_type\":\"user.joined\"");
    }
  }

  @Test
  void unknownTypesAndTypesWithoutAnExampleAre422NamingEventType() throws Exception {
    ApiClient acme = tenant("Acme");
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      String id = createEndpoint(acme, receiver, "[\"*\"]").path("id").asString();
      String test = "/api/v1/endpoints/" + id + "/test";

      ApiClient.Response unknown = acme.post(test, "{\"event_type\":\"nope.never\"}");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.errorField()).isEqualTo("event_type");
      ApiClient.Response notAName = acme.post(test, "{\"event_type\":\"Not A Type\"}");
      assertThat(notAName.status()).isEqualTo(422);
      assertThat(notAName.errorField()).isEqualTo("event_type");

      ApiClient.Response bare =
          acme.post(
              "/api/v1/event-types",
              "{\"name\":\"order.shipped\",\"schema\":{\"type\":\"object\"}}");
      assertThat(bare.status()).as(bare.toString()).isEqualTo(201);
      ApiClient.Response noExample = acme.post(test, "{\"event_type\":\"order.shipped\"}");
      assertThat(noExample.status()).isEqualTo(422);
      assertThat(noExample.errorField()).isEqualTo("event_type");

      ApiClient.Response withExample =
          acme.post(
              "/api/v1/event-types",
              "{\"name\":\"order.packed\",\"schema\":{\"type\":\"object\","
                  + "\"examples\":[{\"order\":\"ord_7\"}]}}");
      assertThat(withExample.status()).as(withExample.toString()).isEqualTo(201);
      assertThat(acme.post(test, "{\"event_type\":\"order.packed\"}").status()).isEqualTo(202);
      await().atMost(DELIVERY).until(() -> !receiver.received().isEmpty());
      assertThat(receiver.received()).hasSize(1);
      assertThat(receiver.received().get(0).body()).contains("\"order\":\"ord_7\"");
    }
  }

  private ApiClient tenant(String name) {
    ApiClient.Response created =
        hookyard.operator().post("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString());
  }

  private static JsonNode createEndpoint(ApiClient api, LoopbackReceiver receiver, String types) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"" + receiver.url() + "\",\"event_types\":" + types + "}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body();
  }

  /** Publishes an invoice.paid event and waits for the next request the receiver gets. */
  private static LoopbackReceiver.Received publishAndReceive(
      ApiClient api, LoopbackReceiver receiver, String invoice) {
    int before = receiver.received().size();
    ApiClient.Response published =
        api.post(
            "/api/v1/events",
            "{\"type\":\"invoice.paid\",\"data\":{\"id\":\""
                + invoice
                + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\"}}");
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
    await().atMost(DELIVERY).until(() -> receiver.received().size() > before);
    LoopbackReceiver.Received request = receiver.received().get(before);
    assertThat(request.body()).contains(invoice);
    return request;
  }

  private static java.util.Optional<JsonNode> catalogExample(ApiClient api, String type) {
    JsonNode types = api.get("/api/v1/event-types?limit=500").body().path("data");
    for (JsonNode t : types) {
      if (t.path("name").asString().equals(type)) {
        return java.util.Optional.of(t.path("example"));
      }
    }
    return java.util.Optional.empty();
  }
}
