package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.slack.SlackWriteFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Slack destinations end to end against the shared embedded Hookyard and a loopback Slack Web API,
 * and through them how a vendor destination is dispatched: the exact {@code chat.postMessage} call
 * and its attempt, Slack's 429 waited out within the try, a refusal dead-lettered at once, ordered
 * delivery retried at the head, and the circuit that failures open and throttling never does.
 */
@SharedHookyard.Sharing
class SlackDestinationsIT extends VendorDestinationTest {
  private final SlackWriteFake slack = new SlackWriteFake(SharedHookyard.port(SLACK));

  @Override
  List<VendorFake> fakes() {
    return List.of(slack);
  }

  @Test
  void slackPostsAReadableSummaryAndTheAttemptNamesTheMessage() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "slack",
            connection,
            "post_message",
            "{\"channel\":\"" + SlackWriteFake.CHANNEL + "\"}",
            "");

    JsonNode shown = tenant.get("/api/v1/endpoints/" + endpoint).body();
    assertThat(shown.path("type").asString()).isEqualTo("slack");
    assertThat(shown.path("action").asString()).isEqualTo("post_message");
    assertThat(shown.path("connection_id").asString()).isEqualTo(connection);
    assertThat(shown.path("settings").path("channel").asString()).isEqualTo(SlackWriteFake.CHANNEL);
    assertThat(shown.has("url")).isFalse();
    assertThat(shown.toString()).doesNotContain(SlackWriteFake.TOKEN);

    String invoice = "inv_" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("id", invoice);
    data.put("customer_id", "cus_1");
    data.put("amount", 1200);
    data.put("currency", "EUR");
    publish(tenant, "invoice.paid", data);
    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);

    assertThat(slack.posts()).hasSize(1);
    VendorFake.Call call = slack.posts().get(0);
    assertThat(call.header("authorization")).isEqualTo("Bearer " + SlackWriteFake.TOKEN);
    assertThat(call.header("content-type")).startsWith("application/json");
    assertThat(call.json())
        .isEqualTo(
            Json.mapper()
                .readTree(
                    Json.writeString(
                        Map.of(
                            "channel",
                            SlackWriteFake.CHANNEL,
                            "text",
                            "*invoice.paid "
                                + invoice
                                + "*\nid: "
                                + invoice
                                + "\ncustomer_id: cus_1\namount: 1200\ncurrency: EUR"))));
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(200);
    assertThat(attempt.path("vendor_object_id").asString())
        .startsWith(SlackWriteFake.CHANNEL + "/");
    assertThat(attempt.path("response_body").asString()).contains("\"ok\":true");
  }

  @Test
  void slacks429IsWaitedOutWithoutAFailedAttempt() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "slack",
            connection,
            "post_message",
            "{\"channel\":\"" + SlackWriteFake.CHANNEL + "\"}",
            "");
    slack.throttleNext(1);
    DispatchScenario.publishInvoice(tenant, "inv_throttled");

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(slack.posts()).hasSize(2);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt())
        .as("the wait was the same try")
        .isEqualTo(1);
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).isEmpty();
  }

  @Test
  void aSlackRefusalIsDeadLetteredAfterOneAttemptInOurWords() throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(tenant, "slack", connection, "post_message", "{\"channel\":\"C0NOWHERE\"}", "");
    DispatchScenario.publishInvoice(tenant, "inv_lost");

    await().atMost(WAIT).until(() -> DispatchScenario.deadLetters(tenant, endpoint).size() == 1);
    Thread.sleep(2_000); // the schedule would have retried after 1 s
    List<JsonNode> attempts = DispatchScenario.attempts(tenant, endpoint);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("failed");
    assertThat(attempts.get(0).path("error").asString())
        .isEqualTo("channel_not_found: the channel does not exist or the app cannot see it");
    assertThat(slack.posts()).hasSize(1);
  }

  @Test
  void anOrderedSlackDestinationPostsInPublishOrderAndRetriesAtTheHead() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "slack",
            connection,
            "post_message",
            "{\"channel\":\"" + SlackWriteFake.CHANNEL + "\"}",
            "\"ordered\":true");
    slack.failNext(500, Map.of(), "");
    for (int i = 1; i <= 4; i++) {
      DispatchScenario.publishInvoice(tenant, "inv_o" + i, "cus_ordered");
    }
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 5);
    assertThat(attempts.stream().filter(a -> a.path("status").asString().equals("succeeded")))
        .hasSize(4);
    assertThat(slack.posts())
        .extracting(c -> c.json().path("text").asString().lines().findFirst().orElse(""))
        .containsExactly(
            "*invoice.paid inv_o1*",
            "*invoice.paid inv_o1*",
            "*invoice.paid inv_o2*",
            "*invoice.paid inv_o3*",
            "*invoice.paid inv_o4*");
  }

  @Test
  void failuresOpenTheCircuitAndItsWaitIsParkedNotFailed() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "slack",
            connection,
            "post_message",
            "{\"channel\":\"" + SlackWriteFake.CHANNEL + "\"}",
            "");
    for (int i = 0; i < 5; i++) {
      slack.failNext(503, Map.of(), "");
    }
    for (int i = 1; i <= 5; i++) {
      DispatchScenario.publishInvoice(tenant, "inv_c" + i);
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                DispatchScenario.attempts(tenant, endpoint).stream()
                        .filter(a -> a.path("status").asString().equals("succeeded"))
                        .count()
                    == 5);
    List<VendorFake.Call> posts = slack.posts();
    assertThat(posts).hasSize(10);
    Duration open = Duration.between(posts.get(4).at(), posts.get(5).at());
    assertThat(open)
        .as("no call while the circuit was open (3 s; retries were due after 1 s)")
        .isGreaterThan(Duration.ofMillis(2500));
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).isEmpty();
  }

  @Test
  void throttlingNeverOpensTheCircuit() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"" + SlackWriteFake.TOKEN + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "slack",
            connection,
            "post_message",
            "{\"channel\":\"" + SlackWriteFake.CHANNEL + "\"}",
            "\"ordered\":true");
    for (int i = 0; i < 6; i++) {
      slack.throttleNext(1);
    }
    DispatchScenario.publishInvoice(tenant, "inv_t1", "cus_t");
    DispatchScenario.publishInvoice(tenant, "inv_t2", "cus_t");
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts).hasSize(2).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(slack.posts()).hasSize(8);
    assertThat(
            tenant
                .get("/api/v1/endpoints/" + endpoint + "/health")
                .body()
                .path("status")
                .asString())
        .isEqualTo("healthy");
  }
}
