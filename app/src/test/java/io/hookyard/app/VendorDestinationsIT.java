package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.http.HttpApiFake;
import io.hookyard.app.support.vendor.teams.TeamsWorkflowFake;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Vendor destinations end to end against the shared embedded Hookyard (real broker and PostgreSQL)
 * and loopback fakes of each vendor's API: a catalog event published through the API reaches the
 * vendor as the exact call its documentation describes, and the attempt log, dead letters and
 * retries behave as for webhooks. Here Teams' workflow webhook, plain HTTP requests with an OAuth
 * client-credentials token, a connection that needs authorizing holding its deliveries, and the
 * validation of a destination; Slack is in {@link SlackDestinationsIT}, HubSpot in {@link
 * HubSpotDestinationsIT}. Each test uses its own tenant; the fakes are reset between tests.
 */
@SharedHookyard.Sharing
class VendorDestinationsIT extends VendorDestinationTest {
  private final TeamsWorkflowFake teams = new TeamsWorkflowFake();
  private final HttpApiFake api = new HttpApiFake();

  @Override
  List<VendorFake> fakes() {
    return List.of(teams, api);
  }

  @Test
  void teamsGetsAnAdaptiveCardAtTheConnectionsWebhookUrl() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"teams\",\"auth\":{\"webhook_url\":\"" + teams.webhookUrl() + "\"}}");
    String endpoint = endpoint(tenant, "teams", connection, "post_card", null, "");
    DispatchScenario.publishInvoice(tenant, "inv_card");

    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);
    VendorFake.Call call = teams.calls().get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo(TeamsWorkflowFake.PATH);
    assertThat(call.header("authorization")).isNull();
    JsonNode attachment = call.json().path("attachments").path(0);
    assertThat(attachment.path("contentType").asString())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.path("content").path("body").path(0).path("text").asString())
        .isEqualTo("invoice.paid inv_card");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(202);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
  }

  @Test
  void httpRequestsCarryAClientCredentialsTokenRefreshedOnceAfterA401() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"http\",\"auth\":{\"client_id\":\""
                + HttpApiFake.CLIENT_ID
                + "\",\"client_secret\":\""
                + HttpApiFake.CLIENT_SECRET
                + "\"},\"settings\":{\"token_url\":\""
                + api.baseUrl()
                + "/oauth/token\"}}");
    String endpoint =
        endpoint(
            tenant,
            "http",
            connection,
            "request",
            "{\"method\":\"PUT\",\"url\":\""
                + api.baseUrl()
                + "/invoices/{data.id}\",\"headers\":{\"X-Env\":\"test\"}}",
            "");
    DispatchScenario.publishInvoice(tenant, "inv_h1");
    awaitAttempts(tenant, endpoint, 1);
    VendorFake.Call first = api.calls("PUT", "/invoices/inv_h1").get(0);
    assertThat(first.header("authorization")).isEqualTo("Bearer tok-1");
    assertThat(first.header("x-env")).isEqualTo("test");
    assertThat(first.json().path("data").path("id").asString()).isEqualTo("inv_h1");

    api.expireToken();
    DispatchScenario.publishInvoice(tenant, "inv_h2");
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(api.tokensIssued()).isEqualTo(2);
    List<VendorFake.Call> second = api.calls("PUT", "/invoices/inv_h2");
    assertThat(second)
        .extracting(c -> c.header("authorization"))
        .containsExactly("Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void aConnectionThatNeedsAuthorizingHoldsItsDeliveriesUntilItIsFixed()
      throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    api.refuseGrants(true);
    String auth =
        "{\"auth\":{\"client_id\":\""
            + HttpApiFake.CLIENT_ID
            + "\",\"client_secret\":\""
            + HttpApiFake.CLIENT_SECRET
            + "\"},"
            + "\"settings\":{\"token_url\":\""
            + api.baseUrl()
            + "/oauth/token\"}}";
    String connection = connection(tenant, "{\"vendor\":\"http\"," + auth.substring(1));
    String endpoint =
        endpoint(
            tenant,
            "http",
            connection,
            "request",
            "{\"url\":\"" + api.baseUrl() + "/held/{data.id}\"}",
            "");
    DispatchScenario.publishInvoice(tenant, "inv_held");

    await()
        .atMost(WAIT)
        .until(
            () ->
                tenant
                    .get("/api/v1/connections/" + connection)
                    .body()
                    .path("status")
                    .asString()
                    .equals("authorization_required"));
    Thread.sleep(3_000); // a look again after the 2 s wait finds it still waiting
    assertThat(DispatchScenario.attempts(tenant, endpoint)).as("held, not failed").isEmpty();
    assertThat(api.calls("POST", "/held/inv_held")).isEmpty();

    api.refuseGrants(false);
    ApiClient.Response fixed = tenant.patch("/api/v1/connections/" + connection, auth);
    assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(api.calls("POST", "/held/inv_held")).hasSize(1);
  }

  @Test
  void destinationsAreValidatedNamingTheField() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String slackConnection =
        connection(tenant, "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"xoxb-1\"}}");
    assertField(
        tenant,
        "{\"type\":\"slack\",\"connection_id\":\""
            + slackConnection
            + "\",\"action\":\"post_card\"}",
        "action");
    assertField(
        tenant,
        "{\"type\":\"slack\",\"connection_id\":\""
            + slackConnection
            + "\",\"action\":\"post_message\"}",
        "settings.channel");
    assertField(
        tenant,
        "{\"type\":\"hubspot\",\"connection_id\":\""
            + slackConnection
            + "\",\"action\":\"upsert_contact\"}",
        "connection_id");
    assertField(
        tenant,
        "{\"type\":\"fax\",\"connection_id\":\"" + slackConnection + "\",\"action\":\"send\"}",
        "type");
    assertField(
        tenant,
        "{\"type\":\"slack\",\"action\":\"post_message\",\"settings\":{\"channel\":\"C1\"}}",
        "connection_id");
    assertField(
        tenant,
        "{\"type\":\"http\",\"connection_id\":\""
            + slackConnection
            + "\",\"action\":\"request\",\"settings\":{\"url\":\"ftp://x\"}}",
        "settings.url");

    ApiClient other = DispatchScenario.tenant(hookyard);
    ApiClient.Response foreign =
        other.post(
            "/api/v1/endpoints",
            "{\"type\":\"slack\",\"connection_id\":\""
                + slackConnection
                + "\",\"action\":\"post_message\",\"settings\":{\"channel\":\"C1\"}}");
    assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
  }

  private static void assertField(ApiClient tenant, String body, String field) {
    ApiClient.Response refused = tenant.post("/api/v1/endpoints", body);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.errorField()).as(refused.toString()).isEqualTo(field);
  }
}
