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
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.app.support.vendor.msgraph.GraphDeltaFake;
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
 * Microsoft Graph syncs end to end against one embedded Hookyard and a loopback Graph with Entra
 * ID: delta queries over several pages reach a subscribed endpoint as catalog events, each exactly
 * once, through throttling, an expired access token, an expired delta token (a full resync that
 * reports only what differs) and a restart. The tests run in order on one sync of contacts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MsGraphSyncIT {
  private static final String USER = "adele.vance@contoso.example";
  private static final String CONTACTS = GraphDeltaFake.contacts(USER);
  private static final Duration RUN = Duration.ofSeconds(60);

  private Path dataDir;
  private GraphDeltaFake graph;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private SyncApi syncs;
  private String apiKey;
  private String connection;
  private String contacts;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    graph = new GraphDeltaFake();
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
                "{\"vendor\":\"ms-graph\",\"auth\":{\"client_id\":\""
                    + EntraIdTokens.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + EntraIdTokens.CLIENT_SECRET
                    + "\"},\"settings\":{\"tenant_id\":\""
                    + EntraIdTokens.TENANT
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    connection = created.body().path("id").asString();
    ApiClient.Response check = acme.api().post("/api/v1/connections/" + connection + "/check", "");
    assertThat(acme.api().get("/api/v1/connections/" + connection).body().path("status").asString())
        .as(check + " / " + graph.entra().lastRefusal())
        .isEqualTo("connected");
    apiKey = acme.api().key();
    syncs = new SyncApi(acme.api());
  }

  private RunningHookyard boot() {
    String ms = "--hookyard.connections.vendors.ms-graph.";
    return RunningHookyard.start(
        dataDir,
        ms + "base-url=" + graph.baseUrl(),
        ms + "token-url=" + EntraIdTokens.tokenUrl(graph.baseUrl()),
        "--hookyard.syncs.throttle-wait=2s");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    graph.close();
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static Map<String, Object> contact(int i, String email) {
    return Map.of(
        "givenName",
        "C" + i,
        "surname",
        "Vance",
        "emailAddresses",
        List.of(Map.of("name", "C" + i, "address", email)),
        "businessPhones",
        List.of(),
        "mobilePhone",
        "+1 425 555 " + (1000 + i));
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  @Test
  @Order(1)
  void anInitialLoadOverSeveralPagesThenChangesAndDeletionsArriveExactlyOnce() {
    for (int i = 0; i < 45; i++) {
      graph.put(CONTACTS, "ct-" + (100 + i), contact(i, "c" + i + "@contoso.example"));
    }
    contacts =
        syncs.create(
            connection,
            "{\"entity\":\"contacts\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\","
                + "\"settings\":{\"user\":\""
                + USER
                + "\",\"page_size\":10}}");

    await().atMost(RUN).until(() -> events("contact.created").size() >= 45);
    settle();
    List<JsonNode> created = events("contact.created");
    assertThat(created).hasSize(45);
    assertThat(ids(created)).hasSize(45);
    JsonNode c7 =
        created.stream()
            .filter(e -> e.path("data").path("id").asString().equals("ct-107"))
            .findFirst()
            .orElseThrow();
    assertThat(c7.path("data").path("email").asString()).isEqualTo("c7@contoso.example");
    assertThat(c7.path("data").path("first_name").asString()).isEqualTo("C7");
    assertThat(c7.path("data").path("phone").asString()).isEqualTo("+1 425 555 1007");
    assertThat(c7.path("data").path("source").path("sync_id").asString()).isEqualTo(contacts);
    assertThat(c7.path("data").path("source").path("connection_id").asString())
        .isEqualTo(connection);
    assertThat(graph.deltaCalls()).as("five pages of ten").isGreaterThanOrEqualTo(5);

    graph.put(CONTACTS, "ct-103", Map.of("jobTitle", "Buyer"));
    graph.put(CONTACTS, "ct-140", contact(40, "new40@contoso.example"));
    graph.delete(CONTACTS, "ct-110");
    graph.delete(CONTACTS, "ct-111");
    graph.put(CONTACTS, "ct-200", contact(200, "c200@contoso.example"));
    JsonNode run = syncs.runAndWait(contacts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("incremental");
    assertThat(run.path("records").asLong()).isEqualTo(5);
    syncs.runAndWait(contacts, RUN); // finds nothing new
    settle();
    assertThat(ids(events("contact.updated"))).containsExactlyInAnyOrder("ct-103", "ct-140");
    assertThat(events("contact.updated")).hasSize(2);
    assertThat(ids(events("contact.deleted"))).containsExactlyInAnyOrder("ct-110", "ct-111");
    assertThat(events("contact.deleted")).hasSize(2);
    assertThat(events("contact.created")).hasSize(46);
  }

  @Test
  @Order(2)
  void a429SlowsTheRunAndFailsNothing() {
    int before = graph.throttled();
    graph.throttleNext(3, 1);
    graph.put(CONTACTS, "ct-120", Map.of("surname", "Throttled"));
    JsonNode run = syncs.runAndWait(contacts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(graph.throttled() - before).isEqualTo(3);
    assertThat(
            Duration.between(
                Instant.parse(run.path("started_at").asString()),
                Instant.parse(run.path("finished_at").asString())))
        .as("three waits of Retry-After: 1")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    await().atMost(RUN).until(() -> ids(events("contact.updated")).contains("ct-120"));
    assertThat(syncs.finished(contacts))
        .allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("succeeded"));
  }

  @Test
  @Order(3)
  void anExpiredAccessTokenIsRefreshedOnce() {
    int grants = graph.entra().grants();
    int refused = graph.unauthorized();
    graph.entra().expireTokens();
    graph.put(CONTACTS, "ct-121", Map.of("surname", "Refreshed"));
    JsonNode run = syncs.runAndWait(contacts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(graph.unauthorized()).isGreaterThan(refused);
    assertThat(graph.entra().grants()).isEqualTo(grants + 1);
    await().atMost(RUN).until(() -> ids(events("contact.updated")).contains("ct-121"));
  }

  @Test
  @Order(4)
  void anExpiredDeltaTokenStartsAFullResyncThatReportsOnlyWhatDiffers() {
    int updated = events("contact.updated").size();
    int deleted = events("contact.deleted").size();
    int created = events("contact.created").size();
    graph.expireDeltaTokens();
    graph.put(CONTACTS, "ct-130", Map.of("surname", "WhileExpired"));
    graph.put(CONTACTS, "ct-131", Map.of("surname", "WhileExpired"));
    graph.delete(CONTACTS, "ct-132");
    JsonNode run = syncs.runAndWait(contacts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("full_resync");
    assertThat(run.path("records").asLong()).isEqualTo(3);
    assertThat(graph.gone()).isPositive();
    settle();
    List<JsonNode> newUpdates = events("contact.updated").subList(updated, updated + 2);
    assertThat(ids(newUpdates)).containsExactlyInAnyOrder("ct-130", "ct-131");
    assertThat(events("contact.updated")).hasSize(updated + 2);
    assertThat(events("contact.deleted")).hasSize(deleted + 1);
    assertThat(events("contact.deleted").get(deleted).path("data").path("id").asString())
        .isEqualTo("ct-132");
    assertThat(events("contact.created")).hasSize(created);
  }

  @Test
  @Order(5)
  void usersAndEventsWithoutACatalogResourceAreVendorEvents() {
    for (int i = 0; i < 12; i++) {
      graph.put(
          GraphDeltaFake.USERS,
          "u-" + (10 + i),
          Map.of("displayName", "User " + i, "userPrincipalName", "u" + i + "@contoso.example"));
    }
    String users =
        syncs.create(
            connection,
            "{\"entity\":\"users\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\","
                + "\"settings\":{\"page_size\":5}}");
    await().atMost(RUN).until(() -> events("vendor.ms_graph.users.created").size() >= 12);
    graph.delete(GraphDeltaFake.USERS, "u-10");
    syncs.runAndWait(users, RUN);
    await().atMost(RUN).until(() -> events("vendor.ms_graph.users.deleted").size() >= 1);
    graph.expireDeltaTokens(); // directory objects: 400 syncStateNotFound, not 410
    graph.delete(GraphDeltaFake.USERS, "u-11");
    JsonNode resync = syncs.runAndWait(users, RUN);
    assertThat(resync.path("kind").asString()).isEqualTo("full_resync");
    assertThat(resync.path("records").asLong()).isEqualTo(1);

    graph.put(GraphDeltaFake.events(USER), "ev-1", Map.of("subject", "Review"));
    graph.put(GraphDeltaFake.events(USER), "ev-2", Map.of("subject", "Lunch"));
    syncs.create(
        connection,
        "{\"entity\":\"events\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\","
            + "\"settings\":{\"user\":\""
            + USER
            + "\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2027-01-01T00:00:00Z\"}}");
    await().atMost(RUN).until(() -> events("vendor.ms_graph.events.created").size() >= 2);
    settle();
    assertThat(events("vendor.ms_graph.users.created")).hasSize(12);
    assertThat(ids(events("vendor.ms_graph.users.deleted")))
        .containsExactlyInAnyOrder("u-10", "u-11");
    assertThat(events("vendor.ms_graph.users.deleted")).hasSize(2);
    assertThat(events("vendor.ms_graph.events.created")).hasSize(2);
    assertThat(
            events("vendor.ms_graph.events.created").stream()
                .map(e -> e.path("data").path("record").path("subject").asString()))
        .containsExactlyInAnyOrder("Review", "Lunch");
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    syncs = new SyncApi(new ApiClient(hookyard.baseUrl(), apiKey));
    JsonNode run = syncs.runAndWait(contacts, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isZero();
    settle();
    assertThat(receiver.received()).hasSize(before);
  }
}
