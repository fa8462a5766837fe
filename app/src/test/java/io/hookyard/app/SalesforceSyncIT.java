package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce syncs end to end against one embedded Hookyard and a loopback Salesforce org: SOQL
 * pages on SystemModstamp and getDeleted reach a subscribed endpoint as catalog events, each
 * exactly once, through 503s, an expired session, a purged delete log, a restart, and the org's
 * daily API allocation. No base URL is configured for Salesforce: every data call goes to the
 * {@code instance_url} the fake's token answer names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesforceSyncIT {
  private Path dataDir;
  private SalesforceFake salesforce;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private Tenant acme;
  private String connection;
  private String accounts;
  private final List<String> accountIds = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    salesforce = new SalesforceFake();
    salesforce.pageSize(100);
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
    connection = authorizedConnection(acme, "{}");
  }

  private RunningHookyard boot() {
    String sf = "--hookyard.connections.vendors.salesforce.";
    return RunningHookyard.start(
        dataDir,
        sf + "token-url=" + salesforce.baseUrl() + "/services/oauth2/token",
        sf + "authorize-url=" + salesforce.baseUrl() + "/services/oauth2/authorize",
        "--hookyard.syncs.throttle-wait=2s");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    salesforce.close();
  }

  /** An OAuth 2.0 Salesforce connection, authorized through the browser flow. */
  private String authorizedConnection(Tenant tenant, String settings) {
    ApiClient.Response conn =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"salesforce\",\"auth\":{\"client_id\":\""
                    + SalesforceFake.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + SalesforceFake.CLIENT_SECRET
                    + "\"},\"settings\":"
                    + settings
                    + "}");
    assertThat(conn.status()).as(conn.toString()).isEqualTo(201);
    String id = conn.body().path("id").asString();
    String location =
        tenant.api().get("/api/v1/connections/" + id + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + SalesforceFake.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    return id;
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static List<String> ids(List<JsonNode> events) {
    return events.stream().map(e -> e.path("data").path("id").asString()).toList();
  }

  private static JsonNode lastRun(Tenant tenant, String sync) {
    return new SyncApi(tenant.api()).finished(sync).get(0);
  }

  @Test
  @Order(1)
  void anInitialLoadOverPagesThenChangesAndDeletionsEachReportedOnce() {
    // written in a burst: many share a SystemModstamp second, so pages end inside a second
    for (int i = 0; i < 250; i++) {
      accountIds.add(
          salesforce.create("Account", Map.of("Name", "Account " + i, "Industry", "Energy")));
    }
    accounts =
        new SyncApi(acme.api())
            .create(
                connection,
                "{\"entity\":\"Account\",\"interval\":\"PT10S\",\"since\":\"1970-01-01T00:00:00Z\"}");
    await().atMost(Duration.ofSeconds(60)).until(() -> events("company.created").size() >= 250);
    assertThat(salesforce.calls().stream().filter(c -> c.path().contains("/query/")).count())
        .as("nextRecordsUrl pages followed")
        .isGreaterThanOrEqualTo(2);
    assertThat(new java.util.HashSet<>(ids(events("company.created"))))
        .containsExactlyInAnyOrderElementsOf(accountIds);
    JsonNode first = events("company.created").get(0).path("data");
    assertThat(first.path("name").asString()).startsWith("Account ");
    assertThat(first.path("industry").asString()).isEqualTo("Energy");

    String changedA = accountIds.get(3);
    String changedB = accountIds.get(200);
    String goneA = accountIds.get(10);
    String goneB = accountIds.get(249);
    salesforce.update("Account", changedA, Map.of("Phone", "+31 20 555 0101"));
    salesforce.update("Account", changedB, Map.of("Name", "Renamed"));
    salesforce.delete("Account", goneA);
    salesforce.delete("Account", goneB);

    // deletions are asked for once the window is over a minute long
    await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> events("company.updated").size() >= 2 && events("company.deleted").size() >= 2);
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
    assertThat(ids(events("company.updated"))).containsExactlyInAnyOrder(changedA, changedB);
    assertThat(ids(events("company.deleted"))).containsExactlyInAnyOrder(goneA, goneB);
    assertThat(events("company.created")).hasSize(250);
    assertThat(
            salesforce.calls().stream()
                .filter(c -> c.path().startsWith("/services/data/v62.0/sobjects/Account/deleted"))
                .count())
        .isPositive();
  }

  @Test
  @Order(2)
  void aPurgedDeleteLogStartsAFullResyncThatReportsOnlyRealDifferences() {
    int before = receiver.received().size();
    String gone = accountIds.get(20);
    String changed = accountIds.get(21);
    salesforce.delete("Account", gone);
    salesforce.purgeDeleted(); // the deletion above is no longer in the log
    salesforce.update("Account", changed, Map.of("Industry", "Retail"));

    await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () ->
                new SyncApi(acme.api())
                    .finished(accounts).stream()
                        .anyMatch(r -> r.path("kind").asString().equals("full_resync")));
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(ids(events("company.deleted"))).contains(gone).hasSize(3);
    assertThat(ids(events("company.updated"))).contains(changed).hasSize(3);
    assertThat(receiver.received()).hasSize(before + 2);
  }

  @Test
  @Order(3)
  void unavailableAnswersAndAnExpiredSessionFailNothingAndRefreshOnce() {
    Tenant other = Tenants.create(hookyard, "Other");
    String conn = authorizedConnection(other, "{\"api_version\":\"v60.0\"}");
    for (int i = 0; i < 5; i++) {
      salesforce.create("Contact", Map.of("LastName", "Person " + i));
    }
    salesforce.failNext(503, Map.of("Retry-After", "1"), "[]");
    salesforce.failNext(502, Map.of(), "");
    SyncApi syncs = new SyncApi(other.api());
    String sync =
        syncs.create(
            conn,
            "{\"entity\":\"Contact\",\"interval\":\"PT10S\",\"since\":\"1970-01-01T00:00:00Z\"}");
    await().atMost(Duration.ofSeconds(60)).until(() -> !syncs.finished(sync).isEmpty());
    JsonNode run = lastRun(other, sync);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isEqualTo(5);
    assertThat(
            salesforce.calls().stream()
                .anyMatch(c -> c.path().startsWith("/services/data/v60.0/query")))
        .as("the connection's api_version")
        .isTrue();

    // the session ends: one refresh per connection (this one and Acme's), then the run goes on
    int refreshes = salesforce.refreshes();
    salesforce.expireTokens();
    salesforce.create("Contact", Map.of("LastName", "After expiry"));
    JsonNode after = syncs.runAndWait(sync, Duration.ofSeconds(60));
    assertThat(after.path("status").asString()).as(after.toString()).isEqualTo("succeeded");
    assertThat(after.path("records").asLong()).isEqualTo(1);
    assertThat(salesforce.refreshes() - refreshes).as("refresh-token grants").isBetween(1, 2);
    assertThat(other.api().get("/api/v1/syncs/" + sync).body().path("errors").asLong()).isZero();
    assertThat(other.api().get("/api/v1/connections/" + conn).body().path("status").asString())
        .isEqualTo("connected");
  }

  @Test
  @Order(7)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    int[] seen = {-1};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(12))
        .until(
            () -> {
              int now = receiver.received().size();
              boolean quiet = now == seen[0];
              seen[0] = now;
              return quiet;
            });
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
    assertThat(receiver.received()).hasSize(before);
  }

  @Test
  @Order(8)
  void syncsStopAtTheConnectionsShareOfTheDailyAllocation() {
    Tenant busy = Tenants.create(hookyard, "Busy Org");
    String conn = authorizedConnection(busy, "{\"max_api_share\":50}");
    salesforce.create("Opportunity", Map.of("Name", "Deal", "Amount", 4200.5));
    salesforce.usage(8_000, 10_000); // the org's other integrations used 80 % today
    SyncApi syncs = new SyncApi(busy.api());
    String sync =
        syncs.create(
            conn,
            "{\"entity\":\"Opportunity\",\"interval\":\"PT10S\",\"since\":\"1970-01-01T00:00:00Z\"}");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                busy.api()
                    .get("/api/v1/syncs/" + sync)
                    .body()
                    .path("last_error")
                    .asString("")
                    .contains("allocation"));
    JsonNode view = busy.api().get("/api/v1/syncs/" + sync).body();
    assertThat(view.path("last_error").asString()).contains("80%").contains("max_api_share of 50%");
    List<VendorFake.Call> before = salesforce.calls();
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).until(() -> true);
    String token =
        before.stream()
            .filter(
                c ->
                    c.path().contains("Opportunity")
                        || c.query() != null && c.query().contains("Opportunity"))
            .map(c -> c.header("authorization"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(
            salesforce.calls().stream()
                .filter(c -> token.equals(c.header("authorization")))
                .count())
        .as("no calls once the share is reached")
        .isEqualTo(before.stream().filter(c -> token.equals(c.header("authorization"))).count());
  }
}
