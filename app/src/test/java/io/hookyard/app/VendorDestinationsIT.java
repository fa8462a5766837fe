package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.HUBSPOT;
import static io.hookyard.app.support.SharedHookyard.Vendor.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.http.HttpApiFake;
import io.hookyard.app.support.vendor.hubspot.HubSpotWriteFake;
import io.hookyard.app.support.vendor.slack.SlackWriteFake;
import io.hookyard.app.support.vendor.teams.TeamsWorkflowFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Vendor destinations end to end against one embedded Hookyard (real broker and PostgreSQL) and
 * loopback fakes of each vendor's API: a catalog event published through the API reaches the vendor
 * as the exact call its documentation describes, and the attempt log, dead letters and retries
 * behave as for webhooks. Each test uses its own tenant; the fakes are reset between tests.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VendorDestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final HubSpotWriteFake hubspot = new HubSpotWriteFake(SharedHookyard.port(HUBSPOT));
  private final SlackWriteFake slack = new SlackWriteFake(SharedHookyard.port(SLACK));
  private final TeamsWorkflowFake teams = new TeamsWorkflowFake();
  private final HttpApiFake api = new HttpApiFake();
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    // the shared app: vendor calls time out after 2 s, circuits open for 3 s, a connection to
    // authorize again is looked at after 2 s, a 429 or timeout is retried after 1 s at the least
    hookyard = SharedHookyard.get();
  }

  @BeforeEach
  void resetFakes() {
    List.of(hubspot, slack, teams, api).forEach(VendorFake::reset);
  }

  @AfterAll
  void stop() {
    List.of(hubspot, slack, teams, api).forEach(VendorFake::close);
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

  @Test
  void hubspotUpsertsTheContactByEmail() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_contact",
            "{}",
            "\"event_types\":[\"user.joined\"]");
    publish(
        tenant,
        "user.joined",
        Map.of("id", "usr_1", "email", "ada@example.com", "name", "Ada Lovelace"));

    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);
    List<VendorFake.Call> calls = hubspot.calls("POST", "/crm/v3/objects/contacts/batch/upsert");
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).header("authorization")).isEqualTo("Bearer " + HubSpotWriteFake.TOKEN);
    assertThat(calls.get(0).json())
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"inputs\":[{\"idProperty\":\"email\",\"id\":\"ada@example.com\",\"properties\":{}}]}"));
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("vendor_object_id").asString())
        .isEqualTo(hubspot.contactId("ada@example.com"));
  }

  @Test
  void waitingContactsGoInOneBatchWithAnAttemptEach() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_contact",
            "{}",
            "\"event_types\":[\"user.joined\"]");
    hubspot.delayNext(Duration.ofMillis(1500)); // the first call is slow: the others wait meanwhile
    StringBuilder batch = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 12; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append(
              Json.writeString(
                  Map.of(
                      "type",
                      "user.joined",
                      "subject",
                      "usr_b" + i,
                      "data",
                      Map.of("id", "usr_b" + i, "email", "b" + i + "@example.com"))));
    }
    ApiClient.Response published =
        tenant.post("/api/v1/events/batch", batch.append("]}").toString());
    assertThat(published.status()).as(published.toString()).isEqualTo(200);

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 12);
    assertThat(attempts).hasSize(12).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(hubspot.contacts()).hasSize(12);
    List<VendorFake.Call> calls = hubspot.calls("POST", "/crm/v3/objects/contacts/batch/upsert");
    assertThat(calls.size()).as("calls for 12 contacts").isLessThan(12);
    assertThat(calls).anyMatch(c -> c.json().path("inputs").size() > 1);
    for (JsonNode attempt : attempts) {
      String email = attempt.path("vendor_object_id").asString();
      assertThat(hubspot.contacts().keySet().stream().map(hubspot::contactId)).contains(email);
    }
  }

  @Test
  void anUpsertRetriedAfterATimeoutLeavesOneContact() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_contact",
            "{}",
            "\"event_types\":[\"user.joined\"],\"transform\":\"{'email': data.email, 'properties': {'firstname': $substringBefore(data.name, ' ')}}\"");
    hubspot.delayNext(Duration.ofSeconds(3)); // past the 2 s deadline; HubSpot still wrote it
    publish(
        tenant,
        "user.joined",
        Map.of("id", "usr_2", "email", "grace@example.com", "name", "Grace Hopper"));

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts.get(1).path("error").asString()).isEqualTo("timeout");
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(hubspot.calls("POST", "/crm/v3/objects/contacts/batch/upsert")).hasSize(2);
    assertThat(hubspot.contacts()).containsOnlyKeys("grace@example.com");
    assertThat(hubspot.contacts().get("grace@example.com")).containsEntry("firstname", "Grace");
    assertThat(attempts.get(0).path("vendor_object_id").asString())
        .isEqualTo(hubspot.contactId("grace@example.com"));
  }

  @Test
  void aHubSpotValidationErrorIsDeadLetteredAtOnce() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"}}");
    String endpoint =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_contact",
            "{}",
            "\"event_types\":[\"user.joined\"],\"transform\":\"{'email': data.email, 'unknown_property': 'x'}\"");
    publish(tenant, "user.joined", Map.of("id", "usr_3", "email", "x@example.com"));

    await().atMost(WAIT).until(() -> DispatchScenario.deadLetters(tenant, endpoint).size() == 1);
    List<JsonNode> attempts = DispatchScenario.attempts(tenant, endpoint);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status_code").asInt()).isEqualTo(400);
    assertThat(attempts.get(0).path("error").asString())
        .isEqualTo(
            "http_400 VALIDATION_ERROR: HubSpot refused the contact: Property \"unknown_property\" does not exist");
  }

  @Test
  void twoDestinationsOnOneConnectionShareItsBudget() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    hubspot.limitPer10s(20);
    // the connection's budget: 18 calls per 10 s, a little under the account's 20
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"},\"settings\":{\"requests_per_10s\":18}}");
    String first =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_company",
            "{}",
            "\"event_types\":[\"company.created\"]");
    String second =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_company",
            "{}",
            "\"event_types\":[\"company.created\"]");
    for (int i = 1; i <= 5; i++) {
      publish(
          tenant,
          "company.created",
          Map.of("id", "co_s" + i, "name", "Shared " + i, "domain", "shared" + i + ".example"));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                DispatchScenario.attempts(tenant, first).stream()
                            .filter(a -> a.path("status").asString().equals("succeeded"))
                            .count()
                        == 5
                    && DispatchScenario.attempts(tenant, second).stream()
                            .filter(a -> a.path("status").asString().equals("succeeded"))
                            .count()
                        == 5);
    assertThat(hubspot.excessCalls()).as("calls beyond HubSpot's 20 per 10 s").isEmpty();
    assertThat(hubspot.calls().size()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void hubspotCompanyIsFoundByDomainAndANoteLandsOnTheContact() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection =
        connection(
            tenant,
            "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                + HubSpotWriteFake.TOKEN
                + "\"}}");
    String companies =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_company",
            "{}",
            "\"event_types\":[\"company.created\"]");
    publish(
        tenant, "company.created", Map.of("id", "co_1", "name", "Acme", "domain", "acme.example"));
    awaitAttempts(tenant, companies, 1);
    publish(
        tenant,
        "company.created",
        Map.of("id", "co_1", "name", "Acme Inc", "domain", "acme.example"));
    List<JsonNode> attempts = awaitAttempts(tenant, companies, 2);
    assertThat(hubspot.companies()).hasSize(1);
    assertThat(hubspot.companies().values().iterator().next())
        .containsEntry("name", "Acme Inc")
        .containsEntry("domain", "acme.example");
    assertThat(hubspot.calls("POST", "/crm/v3/objects/companies")).hasSize(1);
    assertThat(attempts.get(0).path("vendor_object_id").asString())
        .isEqualTo(attempts.get(1).path("vendor_object_id").asString());

    String contacts =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "upsert_contact",
            "{}",
            "\"event_types\":[\"user.joined\"]");
    publish(tenant, "user.joined", Map.of("id", "usr_4", "email", "linus@example.com"));
    awaitAttempts(tenant, contacts, 1);
    String notes =
        endpoint(
            tenant,
            "hubspot",
            connection,
            "create_note",
            "{}",
            "\"event_types\":[\"user.joined\"]");
    publish(
        tenant,
        "user.joined",
        Map.of("id", "usr_4", "email", "linus@example.com", "role", "admin"));
    JsonNode note = awaitAttempts(tenant, notes, 1).get(0);
    assertThat(note.path("status").asString()).isEqualTo("succeeded");
    Map<String, Object> stored = hubspot.notes().get(note.path("vendor_object_id").asString());
    assertThat(stored.get("contacts")).isEqualTo(List.of(hubspot.contactId("linus@example.com")));
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

  private static String connection(ApiClient tenant, String body) {
    ApiClient.Response created = tenant.post("/api/v1/connections", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** A vendor destination for {@code invoice.paid} unless {@code more} says otherwise. */
  private static String endpoint(
      ApiClient tenant,
      String type,
      String connection,
      String action,
      String settings,
      String more) {
    String body =
        "{\"type\":\""
            + type
            + "\",\"connection_id\":\""
            + connection
            + "\",\"action\":\""
            + action
            + "\""
            + (settings == null ? "" : ",\"settings\":" + settings)
            + ",\"retry_schedule\":[\"PT1S\",\"PT1S\"]"
            + (more.contains("event_types") ? "" : ",\"event_types\":[\"invoice.paid\"]")
            + (more.isEmpty() ? "" : "," + more)
            + "}";
    ApiClient.Response created = tenant.post("/api/v1/endpoints", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body().has("secret")).isFalse();
    return created.body().path("id").asString();
  }

  private static void publish(ApiClient tenant, String type, Map<String, Object> data) {
    ApiClient.Response published =
        tenant.post(
            "/api/v1/events",
            Json.writeString(
                Map.of("type", type, "subject", String.valueOf(data.get("id")), "data", data)));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
  }

  /** The endpoint's attempts (newest first) once there are {@code n}. */
  private static List<JsonNode> awaitAttempts(ApiClient tenant, String endpoint, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(tenant, endpoint).size() >= n);
    return DispatchScenario.attempts(tenant, endpoint);
  }
}
