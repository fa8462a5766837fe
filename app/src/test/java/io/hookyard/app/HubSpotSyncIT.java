package io.hookyard.app;

import static io.hookyard.app.support.ReceivedEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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
 * HubSpot syncs end to end against one embedded Hookyard and a loopback HubSpot CRM: changes found
 * by CRM search reach a subscribed endpoint as catalog events, each exactly once, through
 * throttling, the search's result ceiling, token expiry and a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubSpotSyncIT {
  private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

  private Path dataDir;
  private HubSpotCrmFake hubspot;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private Tenant acme;
  private String connection;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    hubspot = new HubSpotCrmFake();
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
    connection = tokenConnection(acme);
  }

  private RunningHookyard boot() {
    String hs = "--hookyard.connections.vendors.hubspot.";
    return RunningHookyard.start(
        dataDir,
        hs + "base-url=" + hubspot.baseUrl(),
        hs + "token-url=" + hubspot.baseUrl() + "/oauth/v1/token",
        hs + "authorize-url=" + hubspot.baseUrl() + "/oauth/authorize",
        "--hookyard.syncs.throttle-wait=2s",
        "--logging.level.io.hookyard.ingest.sync=DEBUG");
  }

  private static String tokenConnection(Tenant tenant) {
    ApiClient.Response created =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                    + HubSpotCrmFake.PRIVATE_APP_TOKEN
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    hubspot.close();
  }

  /** Creates a sync through the API; returns its id. */
  private String sync(String entity, String connectionId, String since) {
    String body =
        "{\"entity\":\""
            + entity
            + "\",\"interval\":\"PT10S\""
            + (since == null ? "" : ",\"since\":\"" + since + "\"")
            + "}";
    ApiClient.Response created =
        acme.api().post("/api/v1/connections/" + connectionId + "/syncs", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private void runNow(String sync) {
    ApiClient.Response run = acme.api().post("/api/v1/syncs/" + sync + "/run", "{}");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
  }

  /** The sync's runs, newest first, once none is under way. */
  private JsonNode finishedRuns(String sync) {
    JsonNode[] runs = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              runs[0] = acme.api().get("/api/v1/syncs/" + sync + "/runs").body().path("data");
              return runs[0].size() > 0
                  && !runs[0].path(0).path("status").asString().equals("running");
            });
    return runs[0];
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  @Test
  @Order(1)
  void anInitialLoadOverManyPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 250; i++) {
      hubspot.create(
          "contacts",
          Map.of("email", "c" + i + "@example.com", "firstname", "C" + i, "lastname", "Lovelace"),
          T0.plusSeconds(i));
    }
    String sync = sync("contacts", connection, "1970-01-01T00:00:00Z");

    await().atMost(Duration.ofSeconds(60)).until(() -> events("contact.created").size() >= 250);
    List<JsonNode> created = events("contact.created");
    assertThat(created).hasSize(250);
    assertThat(ids(created)).hasSize(250);
    JsonNode first =
        created.stream()
            .filter(e -> e.path("data").path("email").asString().equals("c7@example.com"))
            .findFirst()
            .orElseThrow();
    assertThat(first.path("data").path("first_name").asString()).isEqualTo("C7");
    assertThat(first.path("data").path("last_name").asString()).isEqualTo("Lovelace");
    assertThat(first.path("data").path("source").path("kind").asString()).isEqualTo("sync");
    assertThat(first.path("data").path("source").path("sync_id").asString()).isEqualTo(sync);
    assertThat(first.path("data").path("source").path("connection_id").asString())
        .isEqualTo(connection);

    String changedA = created.get(3).path("data").path("id").asString();
    String changedB = created.get(200).path("data").path("id").asString();
    String goneA = created.get(10).path("data").path("id").asString();
    String goneB = created.get(11).path("data").path("id").asString();
    Instant later = Instant.now();
    hubspot.update("contacts", changedA, Map.of("phone", "+31 20 555 0101"), later);
    hubspot.update("contacts", changedB, Map.of("email", "new@example.com"), later);
    hubspot.archive("contacts", goneA, later);
    hubspot.archive("contacts", goneB, later);
    runNow(sync);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> events("contact.updated").size() >= 2 && events("contact.deleted").size() >= 2);
    runNow(sync); // a second run finds nothing new
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(ids(events("contact.updated"))).containsExactlyInAnyOrder(changedA, changedB);
    assertThat(events("contact.updated")).hasSize(2);
    assertThat(ids(events("contact.deleted"))).containsExactlyInAnyOrder(goneA, goneB);
    assertThat(events("contact.deleted")).hasSize(2);
    assertThat(events("contact.created")).hasSize(250);
    JsonNode phone =
        events("contact.updated").stream()
            .filter(e -> e.path("data").path("id").asString().equals(changedA))
            .findFirst()
            .orElseThrow();
    assertThat(phone.path("data").path("phone").asString()).isEqualTo("+31 20 555 0101");
  }

  @Test
  @Order(2)
  void theSearchCeilingLosesAndRepeatsNothing() {
    // past 10,000 results a search must start again from the last time it saw; groups of seven
    // companies share a modification time, so the new window starts inside a group
    int total = HubSpotCrmFake.SEARCH_CEILING + 150;
    for (int i = 0; i < total; i++) {
      hubspot.create("companies", Map.of("name", "Co " + i), T0.plusSeconds(i / 7));
    }
    Tenant quiet = Tenants.create(hookyard, "Quiet"); // no endpoint: only the inbound topic counts
    String conn = tokenConnection(quiet);
    ApiClient.Response created =
        quiet
            .api()
            .post(
                "/api/v1/connections/" + conn + "/syncs",
                "{\"entity\":\"companies\",\"since\":\"1970-01-01T00:00:00Z\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String sync = created.body().path("id").asString();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> lastRun(quiet, sync).path("status").asString().equals("succeeded"));
    List<String> reported =
        InboundTopic.all(hookyard.kafkaBootstrapServers()).stream()
            .filter(r -> r.tenantId().value().equals(quiet.id()))
            .map(r -> r.dedupKey())
            .toList();
    assertThat(reported).hasSize(total);
    assertThat(new HashSet<>(reported)).hasSize(total);
    assertThat(lastRun(quiet, sync).path("records").asLong()).isEqualTo(total);
  }

  @Test
  @Order(2)
  void throttlingAndABadGatewaySlowARunAndFailNothing() {
    hubspot.privateAppToken("pat-small-plan", 3);
    Tenant small = Tenants.create(hookyard, "Small");
    ApiClient.Response conn =
        small
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"pat-small-plan\"}}");
    // four pages of search in quick succession against a limit of three per 10 s
    for (int i = 0; i < 350; i++) {
      hubspot.create("deals", Map.of("dealname", "Deal " + i), T0.minusSeconds(1000 + i));
    }
    int before = hubspot.throttled();
    hubspot.throttleNext(2);
    hubspot.failNext(1); // then a 502: the page is tried again within the run
    ApiClient.Response created =
        small
            .api()
            .post(
                "/api/v1/connections/" + conn.body().path("id").asString() + "/syncs",
                "{\"entity\":\"deals\",\"since\":\"1970-01-01T00:00:00Z\"}");
    String sync = created.body().path("id").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lastRun(small, sync).path("status").asString().equals("succeeded"));
    assertThat(hubspot.throttled() - before).as("429s the fake answered").isEqualTo(2);
    JsonNode run = lastRun(small, sync);
    assertThat(run.path("records").asLong()).isEqualTo(350);
    // four searches at three per 10 s: the quota headers hold the fourth back, no 429 needed
    assertThat(
            Duration.between(
                Instant.parse(run.path("started_at").asString()),
                Instant.parse(run.path("finished_at").asString())))
        .isGreaterThan(Duration.ofSeconds(9));
    JsonNode runs = small.api().get("/api/v1/syncs/" + sync + "/runs").body().path("data");
    runs.forEach(
        r -> assertThat(r.path("status").asString()).as(r.toString()).isIn("succeeded", "running"));
    JsonNode view = small.api().get("/api/v1/syncs/" + sync).body();
    assertThat(view.path("errors").asLong()).isZero();
  }

  private static JsonNode lastRun(Tenant tenant, String sync) {
    return tenant.api().get("/api/v1/syncs/" + sync + "/runs").body().path("data").path(0);
  }

  @Test
  @Order(3)
  void aSyncCreatedWithoutSinceReportsOnlyLaterChanges() {
    hubspot.create("deals", Map.of("dealname", "Old deal", "amount", "100"), T0);
    String sync = sync("deals", connection, null);
    // the silent baseline must be done before the later change exists, however busy the machine
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> lastRun(acme, sync).path("status").asString().equals("succeeded"));
    String fresh =
        hubspot.create(
            "deals",
            Map.of("dealname", "Big deal", "amount", "4200.5"),
            Instant.now().plusSeconds(1));
    runNow(sync);
    await().atMost(Duration.ofSeconds(90)).until(() -> events("deal.created").size() >= 1);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(events("deal.created")).hasSize(1);
    JsonNode deal = events("deal.created").get(0);
    assertThat(deal.path("data").path("id").asString()).isEqualTo(fresh);
    assertThat(deal.path("data").path("amount").asDouble()).isEqualTo(4200.5);
    assertThat(deal.path("data").path("name").asString()).isEqualTo("Big deal");
  }

  @Test
  @Order(4)
  void anExpiredOAuthTokenIsRefreshedOnceForAllTheConnectionsSyncs() {
    Tenant oauth = Tenants.create(hookyard, "OAuth Co");
    ApiClient.Response conn =
        oauth
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"client_id\":\""
                    + HubSpotCrmFake.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + HubSpotCrmFake.CLIENT_SECRET
                    + "\"}}");
    String id = conn.body().path("id").asString();
    String location =
        oauth.api().get("/api/v1/connections/" + id + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + HubSpotCrmFake.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);

    Instant start = Instant.now();
    String since = start.toString();
    List<String> syncs =
        List.of("contacts", "companies").stream()
            .map(
                entity ->
                    oauth
                        .api()
                        .post(
                            "/api/v1/connections/" + id + "/syncs",
                            "{\"entity\":\"" + entity + "\",\"since\":\"" + since + "\"}"))
            .map(created -> created.body().path("id").asString())
            .toList();
    syncs.forEach(
        sync ->
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> lastRun(oauth, sync).path("status").asString().equals("succeeded")));

    hubspot.expireTokens();
    hubspot.create("contacts", Map.of("email", "new.lead@example.com"), start.plusSeconds(1));
    hubspot.create("companies", Map.of("name", "New Co"), start.plusSeconds(1));
    syncs.forEach(sync -> oauth.api().post("/api/v1/syncs/" + sync + "/run", "{}"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                syncs.stream()
                    .allMatch(
                        sync ->
                            lastRun(oauth, sync).path("records").asLong() == 1
                                && lastRun(oauth, sync)
                                    .path("status")
                                    .asString()
                                    .equals("succeeded")));
    assertThat(hubspot.refreshes()).as("refresh-token grants").isEqualTo(1);
    assertThat(oauth.api().get("/api/v1/connections/" + id).body().path("status").asString())
        .isEqualTo("connected");
  }

  @Test
  @Order(5)
  void aRefusedRefreshWaitsForTheTenantAndTellsIt() throws IOException {
    Tenant revoked = Tenants.create(hookyard, "Revoked Co");
    try (LoopbackReceiver own = new LoopbackReceiver()) {
      revoked
          .api()
          .post(
              "/api/v1/endpoints",
              "{\"url\":\"" + own.url() + "\",\"event_types\":[\"connection.failed\"]}");
      String id = authorizedConnection(revoked);
      ApiClient.Response created =
          revoked
              .api()
              .post(
                  "/api/v1/connections/" + id + "/syncs",
                  "{\"entity\":\"deals\",\"since\":\"" + Instant.now() + "\"}");
      String sync = created.body().path("id").asString();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lastRun(revoked, sync).path("status").asString().equals("succeeded"));

      hubspot.refuseRefresh(true);
      hubspot.expireTokens();
      revoked.api().post("/api/v1/syncs/" + sync + "/run", "{}");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  revoked
                      .api()
                      .get("/api/v1/syncs/" + sync)
                      .body()
                      .path("status")
                      .asString()
                      .equals("authorization_required"));
      JsonNode connection = revoked.api().get("/api/v1/connections/" + id).body();
      assertThat(connection.path("status").asString()).isEqualTo("authorization_required");
      assertThat(connection.path("last_error").asString())
          .contains("hubspot")
          .doesNotContain("BAD_REFRESH_TOKEN");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ReceivedEvents.of(own, "connection.failed").size() == 1);
      assertThat(
              ReceivedEvents.of(own, "connection.failed")
                  .get(0)
                  .path("data")
                  .path("connection_id")
                  .asString())
          .isEqualTo(id);
    } finally {
      hubspot.refuseRefresh(false);
    }
  }

  @Test
  @Order(6)
  void theSyncsFieldMappingAppliesAsForWebhooks() throws IOException {
    Tenant mapped = Tenants.create(hookyard, "Mapped Co");
    try (LoopbackReceiver own = new LoopbackReceiver()) {
      mapped
          .api()
          .post(
              "/api/v1/endpoints",
              "{\"url\":\"" + own.url() + "\",\"event_types\":[\"contact.*\"]}");
      String conn = tokenConnection(mapped);
      Instant since = Instant.now();
      String sync =
          mapped
              .api()
              .post(
                  "/api/v1/connections/" + conn + "/syncs",
                  "{\"entity\":\"contacts\",\"since\":\""
                      + since
                      + "\",\"settings\":{\"properties\":\"lifecyclestage\"}}")
              .body()
              .path("id")
              .asString();
      ApiClient.Response bad =
          mapped.api().put("/api/v1/syncs/" + sync + "/mapping", "{\"expression\":\"{ stage: \"}");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(bad.errorField()).isEqualTo("expression");
      ApiClient.Response put =
          mapped
              .api()
              .put(
                  "/api/v1/syncs/" + sync + "/mapping",
                  "{\"expression\":\"{\\\"stage\\\": properties.lifecyclestage}\"}");
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
      assertThat(
              mapped
                  .api()
                  .get("/api/v1/syncs/" + sync + "/mapping")
                  .body()
                  .path("expression")
                  .asString())
          .contains("lifecyclestage");
      assertThat(acme.api().get("/api/v1/syncs/" + sync + "/mapping").status()).isEqualTo(404);

      hubspot.create(
          "contacts",
          Map.of("email", "mapped@example.com", "lifecyclestage", "customer"),
          since.plusSeconds(1));
      mapped.api().post("/api/v1/syncs/" + sync + "/run", "{}");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ReceivedEvents.of(own, "contact.created").size() == 1);
      JsonNode data = ReceivedEvents.of(own, "contact.created").get(0).path("data");
      assertThat(data.path("stage").asString()).isEqualTo("customer");
      assertThat(data.path("email").asString()).isEqualTo("mapped@example.com");
    }
  }

  /** An OAuth 2.0 HubSpot connection, authorized through the browser flow. */
  private String authorizedConnection(Tenant tenant) {
    ApiClient.Response conn =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"client_id\":\""
                    + HubSpotCrmFake.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + HubSpotCrmFake.CLIENT_SECRET
                    + "\"}}");
    String id = conn.body().path("id").asString();
    String location =
        tenant.api().get("/api/v1/connections/" + id + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + HubSpotCrmFake.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    return id;
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    // the contacts sync also reports what the other tests added to the shared fake: let its
    // 10-s runs find all of it first
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
}
