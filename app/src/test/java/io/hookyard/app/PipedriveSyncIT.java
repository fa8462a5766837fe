package io.hookyard.app;

import static io.hookyard.app.support.ReceivedEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.pipedrive.PipedriveFake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Pipedrive syncs end to end against one embedded Hookyard and a loopback Pipedrive: persons over
 * several cursor pages of API v2, then changes and deletions (from v1 recents) each exactly once,
 * through 429s with Pipedrive's rate-limit headers, organizations and deals, a refused API token,
 * and a restart. The tests run in order on one sync of persons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipedriveSyncIT {
  private static final Duration RUN = Duration.ofSeconds(60);

  private Path dataDir;
  private PipedriveFake pipedrive;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private Tenant acme;
  private SyncApi syncs;
  private String apiKey;
  private String connection;
  private String persons;

  @BeforeAll
  void start(@TempDir Path dataDir) throws java.io.IOException {
    this.dataDir = dataDir;
    pipedrive = new PipedriveFake();
    receiver = new LoopbackReceiver();
    hookyard = boot();
    acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response endpoint =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"rate_limit_per_minute\":60000}");
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    connection = connection(PipedriveFake.TOKEN);
    acme.api().post("/api/v1/connections/" + connection + "/check", "");
    assertThat(acme.api().get("/api/v1/connections/" + connection).body().path("status").asString())
        .isEqualTo("connected");
    apiKey = acme.api().key();
    syncs = new SyncApi(acme.api());
  }

  private String connection(String token) {
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"pipedrive\",\"auth\":{\"access_token\":\""
                    + token
                    + "\"},\"settings\":{\"company_domain\":\""
                    + PipedriveFake.COMPANY_DOMAIN
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private RunningHookyard boot() {
    return RunningHookyard.start(
        dataDir,
        "--hookyard.connections.vendors.pipedrive.base-url=" + pipedrive.baseUrl(),
        "--hookyard.syncs.throttle-wait=2s");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    pipedrive.close();
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static Map<String, Object> person(int i) {
    return Map.of(
        "name",
        "Person " + i,
        "first_name",
        "Person",
        "last_name",
        "No" + i,
        "emails",
        List.of(
            Map.of("value", "old" + i + "@example.com", "primary", false, "label", "home"),
            Map.of("value", "p" + i + "@example.com", "primary", true, "label", "work")),
        "phones",
        List.of(Map.of("value", "555-" + (1000 + i), "primary", true, "label", "work")),
        "org_id",
        7);
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  @Test
  @Order(1)
  void anInitialLoadOverCursorPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 25; i++) {
      pipedrive.put("persons", 100 + i, person(i));
    }
    persons =
        syncs.create(
            connection,
            "{\"entity\":\"persons\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\","
                + "\"settings\":{\"page_size\":10}}");

    await().atMost(RUN).until(() -> events("contact.created").size() >= 25);
    settle();
    List<JsonNode> created = events("contact.created");
    assertThat(created).hasSize(25);
    assertThat(ids(created)).hasSize(25);
    JsonNode p7 =
        created.stream()
            .filter(e -> e.path("data").path("id").asString().equals("107"))
            .findFirst()
            .orElseThrow()
            .path("data");
    assertThat(p7.path("email").asString()).isEqualTo("p7@example.com");
    assertThat(p7.path("phone").asString()).isEqualTo("555-1007");
    assertThat(p7.path("last_name").asString()).isEqualTo("No7");
    assertThat(p7.path("company_id").asString()).isEqualTo("7");
    assertThat(p7.path("source").path("sync_id").asString()).isEqualTo(persons);
    assertThat(pipedrive.calls("GET", "/api/v2/persons")).as("three pages of ten").hasSize(3);
    assertThat(pipedrive.calls())
        .allSatisfy(
            c -> assertThat(c.query() == null ? "" : c.query()).doesNotContain("api_token"));

    pipedrive.put("persons", 103, Map.of("first_name", "Renamed"));
    pipedrive.put("persons", 124, Map.of("phones", List.of(Map.of("value", "555-9999"))));
    pipedrive.delete("persons", 110);
    pipedrive.delete("persons", 111);
    pipedrive.put("persons", 200, person(200));
    JsonNode run = syncs.runAndWait(persons, RUN);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("incremental");
    assertThat(run.path("records").asLong()).isEqualTo(5);
    assertThat(pipedrive.calls("GET", "/v1/recents")).isNotEmpty();
    syncs.runAndWait(persons, RUN); // finds nothing new
    settle();
    assertThat(ids(events("contact.updated"))).containsExactlyInAnyOrder("103", "124");
    assertThat(events("contact.updated")).hasSize(2);
    assertThat(ids(events("contact.deleted"))).containsExactlyInAnyOrder("110", "111");
    assertThat(events("contact.deleted")).hasSize(2);
    assertThat(events("contact.created")).hasSize(26);
  }

  @Test
  @Order(2)
  void a429WithPipedrivesHeadersSlowsTheRunAndFailsNothing() {
    int before = pipedrive.throttled();
    pipedrive.throttleNext(3, 1);
    pipedrive.put("persons", 120, Map.of("name", "Throttled"));
    JsonNode run = syncs.runAndWait(persons, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(pipedrive.throttled() - before).isEqualTo(3);
    await().atMost(RUN).until(() -> ids(events("contact.updated")).contains("120"));
    assertThat(syncs.finished(persons))
        .allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("succeeded"));
  }

  @Test
  @Order(3)
  void organizationsAreCompaniesAndDealsDeals() {
    pipedrive.put("organizations", 7, Map.of("name", "Acme Roasters", "address", "Main St 1"));
    pipedrive.put(
        "deals",
        31,
        Map.of(
            "title",
            "10 espresso machines",
            "value",
            12500.5,
            "currency",
            "EUR",
            "stage_id",
            2,
            "org_id",
            7,
            "status",
            "open"));
    String since = ",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\"}";
    syncs.create(connection, "{\"entity\":\"organizations\"" + since);
    String deals = syncs.create(connection, "{\"entity\":\"deals\"" + since);
    await()
        .atMost(RUN)
        .until(() -> !events("company.created").isEmpty() && !events("deal.created").isEmpty());
    JsonNode company = events("company.created").get(0).path("data");
    assertThat(company.path("name").asString()).isEqualTo("Acme Roasters");
    JsonNode deal = events("deal.created").get(0).path("data");
    assertThat(deal.path("name").asString()).isEqualTo("10 espresso machines");
    assertThat(deal.path("amount").asDouble()).isEqualTo(12500.5);
    assertThat(deal.path("currency").asString()).isEqualTo("EUR");

    pipedrive.delete("deals", 31);
    JsonNode run = syncs.runAndWait(deals, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    await().atMost(RUN).until(() -> ids(events("deal.deleted")).contains("31"));
    settle();
    assertThat(events("deal.created")).hasSize(1);
    assertThat(events("deal.deleted")).hasSize(1);
  }

  @Test
  @Order(4)
  void aRefusedApiTokenAsksTheTenantForNewCredentials() {
    String wrong = connection("not-the-token");
    String sync =
        syncs.create(wrong, "{\"entity\":\"persons\",\"since\":\"1970-01-01T00:00:00Z\"}");
    await()
        .atMost(RUN)
        .until(
            () ->
                acme.api()
                    .get("/api/v1/syncs/" + sync)
                    .body()
                    .path("status")
                    .asString()
                    .equals("authorization_required"));
    JsonNode refused = acme.api().get("/api/v1/connections/" + wrong).body();
    assertThat(refused.path("status").asString()).isEqualTo("authorization_required");
    assertThat(refused.path("last_error").asString()).contains("pipedrive");
    assertThat(pipedrive.refused()).isPositive();
    await().atMost(RUN).until(() -> !events("connection.failed").isEmpty());
  }

  @Test
  @Order(5)
  void theRateLimitHeadersPaceTheConnectionSoItIsNeverRefused() {
    int throttled = pipedrive.throttled();
    pipedrive.limitPer2s(2);
    try {
      String paced =
          syncs.create(
              connection,
              "{\"entity\":\"persons\",\"interval\":\"PT1H\","
                  + "\"since\":\"1970-01-01T00:00:00Z\",\"settings\":{\"page_size\":5}}");
      await().atMost(RUN).until(() -> !syncs.finished(paced).isEmpty());
      JsonNode run = syncs.finished(paced).get(0);
      assertThat(run.path("status").asString()).isEqualTo("succeeded");
      assertThat(run.path("requests").asLong()).as("five pages of five").isGreaterThanOrEqualTo(5);
      assertThat(pipedrive.throttled())
          .as("x-ratelimit-remaining 0 waits x-ratelimit-reset: no 429")
          .isEqualTo(throttled);
    } finally {
      pipedrive.limitPer2s(80);
    }
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    settle();
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    syncs = new SyncApi(new ApiClient(hookyard.baseUrl(), apiKey));
    JsonNode run = syncs.runAndWait(persons, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isZero();
    settle();
    assertThat(receiver.received()).hasSize(before);
  }
}
