package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.SALESFORCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce destinations end to end against one embedded Hookyard and a loopback Salesforce org:
 * the exact sObject call at the token's {@code instance_url}, the attempt log with the record id, a
 * session refreshed after 401, error arrays dead-lettered once or retried as Salesforce means them,
 * and an upsert retried after a timeout that leaves one record. Each test has its own tenant and
 * connection; the fake is reset between tests.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesforceDestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SalesforceFake salesforce = new SalesforceFake(SharedHookyard.port(SALESFORCE));
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @BeforeEach
  void resetFake() {
    salesforce.reset();
  }

  @AfterAll
  void stop() {
    salesforce.close();
  }

  @Test
  void upsertPatchesByExternalIdAndTheAttemptNamesTheRecord() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(
            tenant,
            connection(tenant),
            "upsert",
            "{\"sobject\":\"Contact\",\"external_id_field\":\"Hub_Id__c\"}",
            "");
    publish(
        tenant,
        "user.joined",
        Map.of(
            "id", "C 42",
            "first_name", "Ada",
            "last_name", "Lovelace",
            "email", "ada@example.com"));
    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);

    assertThat(salesforce.calls().stream().filter(c -> c.method().equals("PATCH")).toList())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.path())
                  .isEqualTo("/services/data/v62.0/sobjects/Contact/Hub_Id__c/C 42");
              assertThat(call.header("authorization")).startsWith("Bearer 00Dfake!");
              assertThat(call.json())
                  .isEqualTo(
                      Json.mapper()
                          .readTree(
                              "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Email\":\"ada@example.com\"}"));
            });
    String id = salesforce.findBy("Contact", "Hub_Id__c", "C 42").get(0);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(201);
    assertThat(attempt.path("vendor_object_id").asString()).isEqualTo(id);
    assertThat(attempt.path("response_body").asString()).contains("\"created\":true");

    publish(
        tenant,
        "user.joined",
        Map.of("id", "C 42", "last_name", "Lovelace", "phone", "+44 20 7946 0000"));
    JsonNode second = awaitAttempts(tenant, endpoint, 2).get(0);
    assertThat(second.path("status_code").asInt()).isEqualTo(200);
    assertThat(second.path("vendor_object_id").asString()).isEqualTo(id);
    assertThat(salesforce.count("Contact")).isEqualTo(1);
    assertThat(salesforce.record("Contact", id).path("Phone").asString())
        .isEqualTo("+44 20 7946 0000");
  }

  @Test
  void createTaskAssociatesTheTaskFromTheTransformAfterRefreshingAnExpiredSession() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection = connection(tenant);
    String account = salesforce.create("Account", Map.of("Name", "Acme"));
    String contact = salesforce.create("Contact", Map.of("LastName", "Hopper"));
    String endpoint =
        endpoint(
            tenant,
            connection,
            "create_task",
            "{}",
            "\"transform\":\"{'Subject': 'Call ' & data.name, 'WhoId': data.contact, 'WhatId': data.account, 'ActivityDate': '2026-12-31'}\"");
    salesforce.expireTokens(); // the session ended since the connection was authorized
    int refreshes = salesforce.refreshes();
    publish(
        tenant,
        "invoice.paid",
        Map.of("id", "inv_1", "name", "Grace", "contact", contact, "account", account));
    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);

    assertThat(salesforce.refreshes() - refreshes).isEqualTo(1);
    List<VendorFake.Call> posts = salesforce.calls("POST", "/services/data/v62.0/sobjects/Task");
    assertThat(posts).hasSize(2); // refused with the old session, then sent again
    assertThat(posts.get(1).json())
        .isEqualTo(
            Json.mapper()
                .readTree(
                    Json.writeString(
                        Map.of(
                            "Subject", "Call Grace",
                            "WhoId", contact,
                            "WhatId", account,
                            "ActivityDate", "2026-12-31",
                            "Status", "Not Started",
                            "Priority", "Normal"))));
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("vendor_object_id").asString()).startsWith("00T");
    assertThat(salesforce.record("Task", attempt.path("vendor_object_id").asString())).isNotNull();
  }

  @Test
  void refusalsAreDeadLetteredOnceInOurWords() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection = connection(tenant);
    String invalid =
        endpoint(
            tenant,
            connection,
            "upsert",
            "{\"sobject\":\"Account\",\"external_id_field\":\"Hub_Id__c\"}",
            "\"transform\":\"{'Hub_Id__c': data.id, 'Name': 'Acme', 'Colour__c': 'red'}\"");
    String missing =
        endpoint(
            tenant,
            connection,
            "upsert",
            "{\"sobject\":\"Contact\",\"external_id_field\":\"Hub_Id__c\"}",
            "\"transform\":\"{'Hub_Id__c': data.id, 'FirstName': 'Ada'}\"");
    publish(tenant, "invoice.paid", Map.of("id", "inv_9"));

    for (String endpoint : List.of(invalid, missing)) {
      assertThat(DispatchScenario.awaitDeadLettered(tenant, endpoint, WAIT)).hasSize(1);
      assertThat(DispatchScenario.deadLetters(tenant, endpoint)).hasSize(1);
    }
    assertThat(DispatchScenario.attempts(tenant, invalid).get(0).path("error").asString())
        .isEqualTo(
            "INVALID_FIELD: Salesforce refused the Account: No such column 'Colour__c' on sobject of type Account");
    assertThat(DispatchScenario.attempts(tenant, missing).get(0).path("error").asString())
        .isEqualTo(
            "REQUIRED_FIELD_MISSING: Salesforce refused the Contact: Required fields are missing: [LastName]");
    assertThat(salesforce.findBy("Account", "Hub_Id__c", "inv_9")).isEmpty();
  }

  @Test
  void aLockedRowIsTriedAgainAndARetriedUpsertLeavesOneRecord() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(
            tenant,
            connection(tenant),
            "upsert",
            "{\"sobject\":\"Account\",\"external_id_field\":\"Hub_Id__c\"}",
            "\"transform\":\"{'Hub_Id__c': data.id, 'Name': 'Acme ' & data.id}\"");
    // a flow trigger wraps the lock error, as Salesforce does in production
    salesforce.failNext(
        400,
        Map.of("Content-Type", "application/json"),
        "[{\"message\":\"CANNOT_EXECUTE_FLOW_TRIGGER: UNABLE_TO_LOCK_ROW: unable to obtain"
            + " exclusive access to this record\",\"errorCode\":\"CANNOT_EXECUTE_FLOW_TRIGGER\","
            + "\"fields\":[]}]");
    publish(tenant, "invoice.paid", Map.of("id", "A-1"));
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts.get(1).path("error").asString()).startsWith("UNABLE_TO_LOCK_ROW");
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");

    salesforce.delayNext(Duration.ofSeconds(3)); // past the 2 s deadline; Salesforce still wrote it
    publish(tenant, "invoice.paid", Map.of("id", "A-2"));
    List<JsonNode> more = awaitAttempts(tenant, endpoint, 4);
    assertThat(more.get(1).path("error").asString()).isEqualTo("timeout");
    assertThat(more.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(salesforce.findBy("Account", "Hub_Id__c", "A-2")).hasSize(1);
    assertThat(more.get(0).path("vendor_object_id").asString())
        .isEqualTo(salesforce.findBy("Account", "Hub_Id__c", "A-2").get(0));
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).isEmpty();
  }

  /** An OAuth 2.0 Salesforce connection, authorized through the browser flow. */
  private String connection(ApiClient tenant) {
    ApiClient.Response created =
        tenant.post(
            "/api/v1/connections",
            "{\"vendor\":\"salesforce\",\"auth\":{\"client_id\":\""
                + SalesforceFake.CLIENT_ID
                + "\",\"client_secret\":\""
                + SalesforceFake.CLIENT_SECRET
                + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();
    String location = tenant.get("/api/v1/connections/" + id + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + SalesforceFake.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    return id;
  }

  private static String endpoint(
      ApiClient tenant, String connection, String action, String settings, String more) {
    String body =
        "{\"type\":\"salesforce\",\"connection_id\":\""
            + connection
            + "\",\"action\":\""
            + action
            + "\",\"settings\":"
            + settings
            + ",\"retry_schedule\":[\"PT1S\",\"PT1S\"]"
            + ",\"event_types\":[\"invoice.paid\",\"user.joined\"]"
            + (more.isEmpty() ? "" : "," + more)
            + "}";
    ApiClient.Response created = tenant.post("/api/v1/endpoints", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** Publishes an event, with what the catalog requires of an invoice.paid or a user.joined. */
  private static void publish(ApiClient tenant, String type, Map<String, Object> given) {
    Map<String, Object> data = new java.util.LinkedHashMap<>(given);
    if (type.equals("invoice.paid")) {
      data.putIfAbsent("customer_id", "cus_1");
      data.putIfAbsent("amount", 1200);
      data.putIfAbsent("currency", "EUR");
    } else {
      data.putIfAbsent("email", "someone@example.com");
    }
    ApiClient.Response published =
        tenant.post(
            "/api/v1/events",
            Json.writeString(
                Map.of("type", type, "subject", String.valueOf(data.get("id")), "data", data)));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
  }

  private static List<JsonNode> awaitAttempts(ApiClient tenant, String endpoint, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(tenant, endpoint).size() >= n);
    return DispatchScenario.attempts(tenant, endpoint);
  }
}
