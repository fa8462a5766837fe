package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.HUBSPOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.hubspot.HubSpotWriteFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot destinations end to end against the shared embedded Hookyard and a loopback HubSpot CRM
 * ({@link HubSpotWriteFake}): contacts upserted by email, waiting contacts batched into one call
 * with an attempt each, an upsert retried after a timeout leaving one contact, a validation error
 * dead-lettered at once, two destinations keeping to their connection's shared budget, companies
 * found by domain and notes associated with the contact.
 */
@SharedHookyard.Sharing
class HubSpotDestinationsIT extends VendorDestinationTest {
  private final HubSpotWriteFake hubspot = new HubSpotWriteFake(SharedHookyard.port(HUBSPOT));

  @Override
  List<VendorFake> fakes() {
    return List.of(hubspot);
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

    List<JsonNode> attempts = DispatchScenario.awaitDeadLettered(tenant, endpoint, WAIT);
    assertThat(attempts).hasSize(1);
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).hasSize(1);
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
}
