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
import io.hookyard.app.support.vendor.dynamics365.DataverseFake;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Dynamics 365 syncs end to end against one embedded Hookyard and a loopback Dataverse with Entra
 * ID: change tracking over several pages reaches a subscribed endpoint as catalog events, each
 * exactly once, through service-protection 429s, an expired access token, an expired delta token (a
 * full resync that reports only what differs) and a restart. The tests run in order on one sync of
 * accounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Dynamics365SyncIT {
  private static final String ACCOUNTS = "accounts";
  private static final Duration RUN = Duration.ofSeconds(60);

  private Path dataDir;
  private DataverseFake dataverse;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private SyncApi syncs;
  private String apiKey;
  private String connection;
  private String accounts;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    dataverse = new DataverseFake();
    receiver = new LoopbackReceiver();
    hookyard = boot();
    Tenant acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response endpoint =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"*\"],\"rate_limit_per_minute\":60000}");
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"dynamics365\",\"auth\":{\"client_id\":\""
                    + EntraIdTokens.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + EntraIdTokens.CLIENT_SECRET
                    + "\"},\"settings\":{\"tenant_id\":\""
                    + EntraIdTokens.TENANT
                    + "\",\"org_url\":\""
                    + DataverseFake.ORG_URL
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    connection = created.body().path("id").asString();
    ApiClient.Response check = acme.api().post("/api/v1/connections/" + connection + "/check", "");
    assertThat(acme.api().get("/api/v1/connections/" + connection).body().path("status").asString())
        .as(check + " / " + dataverse.entra().lastRefusal())
        .isEqualTo("connected");
    apiKey = acme.api().key();
    syncs = new SyncApi(acme.api());
  }

  private RunningHookyard boot() {
    String d = "--hookyard.connections.vendors.dynamics365.";
    return RunningHookyard.start(
        dataDir,
        d + "base-url=" + dataverse.baseUrl(),
        d + "token-url=" + EntraIdTokens.tokenUrl(dataverse.baseUrl()),
        "--hookyard.syncs.throttle-wait=2s");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    dataverse.close();
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static Map<String, Object> account(int i, String website) {
    return Map.of(
        "name",
        "Company " + i,
        "websiteurl",
        website,
        "telephone1",
        "555-" + (1000 + i),
        "industrycode",
        7);
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  @Test
  @Order(1)
  void anInitialLoadOverSeveralPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 45; i++) {
      dataverse.put(ACCOUNTS, "a-" + (100 + i), account(i, "https://www.co" + i + ".example/"));
    }
    accounts =
        syncs.create(
            connection,
            "{\"entity\":\"accounts\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\","
                + "\"settings\":{\"page_size\":10}}");

    await().atMost(RUN).until(() -> events("company.created").size() >= 45);
    settle();
    List<JsonNode> created = events("company.created");
    assertThat(created).hasSize(45);
    assertThat(ids(created)).hasSize(45);
    JsonNode a7 =
        created.stream()
            .filter(e -> e.path("data").path("id").asString().equals("a-107"))
            .findFirst()
            .orElseThrow();
    assertThat(a7.path("data").path("name").asString()).isEqualTo("Company 7");
    assertThat(a7.path("data").path("domain").asString()).isEqualTo("co7.example");
    assertThat(a7.path("data").path("phone").asString()).isEqualTo("555-1007");
    assertThat(a7.path("data").path("source").path("sync_id").asString()).isEqualTo(accounts);
    assertThat(a7.path("data").path("source").path("connection_id").asString())
        .isEqualTo(connection);
    assertThat(dataverse.requests()).as("five pages of ten").isGreaterThanOrEqualTo(5);

    dataverse.put(ACCOUNTS, "a-103", Map.of("telephone1", "555-9999"));
    dataverse.put(ACCOUNTS, "a-140", Map.of("name", "Renamed 40"));
    dataverse.delete(ACCOUNTS, "a-110");
    dataverse.delete(ACCOUNTS, "a-111");
    dataverse.put(ACCOUNTS, "a-200", account(200, "https://co200.example"));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("incremental");
    assertThat(run.path("records").asLong()).isEqualTo(5);
    syncs.runAndWait(accounts, RUN); // finds nothing new
    settle();
    assertThat(ids(events("company.updated"))).containsExactlyInAnyOrder("a-103", "a-140");
    assertThat(events("company.updated")).hasSize(2);
    assertThat(ids(events("company.deleted"))).containsExactlyInAnyOrder("a-110", "a-111");
    assertThat(events("company.deleted")).hasSize(2);
    assertThat(events("company.created")).hasSize(46);
  }

  @Test
  @Order(2)
  void a429SlowsTheRunAndFailsNothing() {
    int before = dataverse.throttled();
    dataverse.throttleNext(3, 1);
    dataverse.put(ACCOUNTS, "a-120", Map.of("name", "Throttled"));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(dataverse.throttled() - before).isEqualTo(3);
    assertThat(
            Duration.between(
                Instant.parse(run.path("started_at").asString()),
                Instant.parse(run.path("finished_at").asString())))
        .as("three waits of Retry-After: 1")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    await().atMost(RUN).until(() -> ids(events("company.updated")).contains("a-120"));
    assertThat(syncs.finished(accounts))
        .allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("succeeded"));
  }

  @Test
  @Order(3)
  void anExpiredAccessTokenIsRefreshedOnce() {
    int grants = dataverse.entra().grants();
    int refused = dataverse.unauthorized();
    dataverse.entra().expireTokens();
    dataverse.put(ACCOUNTS, "a-121", Map.of("name", "Refreshed"));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(dataverse.unauthorized()).isGreaterThan(refused);
    assertThat(dataverse.entra().grants()).isEqualTo(grants + 1);
    await().atMost(RUN).until(() -> ids(events("company.updated")).contains("a-121"));
  }

  @Test
  @Order(4)
  void anExpiredDeltaTokenStartsAFullResyncThatReportsOnlyWhatDiffers() {
    int updated = events("company.updated").size();
    int deleted = events("company.deleted").size();
    int created = events("company.created").size();
    dataverse.expireDeltaTokens();
    dataverse.put(ACCOUNTS, "a-130", Map.of("name", "While expired"));
    dataverse.put(ACCOUNTS, "a-131", Map.of("name", "While expired"));
    dataverse.delete(ACCOUNTS, "a-132");
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("full_resync");
    assertThat(run.path("records").asLong()).isEqualTo(3);
    assertThat(dataverse.gone()).isPositive();
    settle();
    List<JsonNode> newUpdates = events("company.updated").subList(updated, updated + 2);
    assertThat(ids(newUpdates)).containsExactlyInAnyOrder("a-130", "a-131");
    assertThat(events("company.updated")).hasSize(updated + 2);
    assertThat(events("company.deleted")).hasSize(deleted + 1);
    assertThat(events("company.deleted").get(deleted).path("data").path("id").asString())
        .isEqualTo("a-132");
    assertThat(events("company.created")).hasSize(created);
  }

  @Test
  @Order(5)
  void opportunitiesAreDealsAndInvoicesInvoices() {
    dataverse.put(
        "opportunities",
        "o-1",
        Map.of("name", "10 espresso machines", "estimatedvalue", 12500.5, "stepname", "Propose"));
    dataverse.put(
        "invoices",
        "i-1",
        Map.of(
            "invoicenumber",
            "INV-01001",
            "totalamount",
            1499.99,
            "_customerid_value",
            "a-101",
            "duedate",
            "2026-12-01"));
    String since = ",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\"}";
    syncs.create(connection, "{\"entity\":\"opportunities\"" + since);
    syncs.create(connection, "{\"entity\":\"invoices\"" + since);
    await()
        .atMost(RUN)
        .until(() -> !events("deal.created").isEmpty() && !events("invoice.created").isEmpty());
    settle();
    JsonNode deal = events("deal.created").get(0).path("data");
    assertThat(deal.path("name").asString()).isEqualTo("10 espresso machines");
    assertThat(deal.path("amount").asDouble()).isEqualTo(12500.5);
    assertThat(deal.path("stage").asString()).isEqualTo("Propose");
    JsonNode invoice = events("invoice.created").get(0).path("data");
    assertThat(invoice.path("id").asString()).isEqualTo("i-1");
    assertThat(invoice.path("amount").asLong()).isEqualTo(149999);
    assertThat(invoice.path("customer_id").asString()).isEqualTo("a-101");
    assertThat(invoice.path("due_date").asString()).isEqualTo("2026-12-01");
    assertThat(events("deal.created")).hasSize(1);
    assertThat(events("invoice.created")).hasSize(1);
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    syncs = new SyncApi(new ApiClient(hookyard.baseUrl(), apiKey));
    JsonNode run = syncs.runAndWait(accounts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isZero();
    settle();
    assertThat(receiver.received()).hasSize(before);
  }
}
