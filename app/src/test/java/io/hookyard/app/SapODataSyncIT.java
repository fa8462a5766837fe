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
import io.hookyard.app.support.vendor.sapodata.SapODataFake;
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
 * SAP OData syncs end to end against one embedded Hookyard and a loopback SAP Gateway with a v2
 * service (business partners) and a v4 service (sales orders), both with Basic credentials: an
 * initial load over server-driven pages, changes exactly once, deletions found by the full resync
 * (OData has no deletion feed), 429s, SAP's error answers in last_error, refused credentials, no
 * CSRF token fetched, and a restart. The tests run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SapODataSyncIT {
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final String PARTNER = "vendor.sap_odata.a_businesspartner.";
  private static final String ORDER = "vendor.sap_odata.salesorder.";

  private Path dataDir;
  private SapODataFake sap;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private Tenant acme;
  private SyncApi syncs;
  private String apiKey;
  private String v2;
  private String v4;
  private String partners;
  private String orders;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    this.dataDir = dataDir;
    sap = new SapODataFake();
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
    v2 = connection(SapODataFake.V2_SERVICE, "v2", SapODataFake.PASSWORD);
    v4 = connection(SapODataFake.V4_SERVICE, "v4", SapODataFake.PASSWORD);
    for (String id : List.of(v2, v4)) {
      ApiClient.Response check = acme.api().post("/api/v1/connections/" + id + "/check", "");
      assertThat(acme.api().get("/api/v1/connections/" + id).body().path("status").asString())
          .as(check.toString())
          .isEqualTo("connected");
    }
    apiKey = acme.api().key();
    syncs = new SyncApi(acme.api());
  }

  private String connection(String service, String version, String password) {
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"sap-odata\",\"auth\":{\"username\":\""
                    + SapODataFake.USER
                    + "\",\"password\":\""
                    + password
                    + "\"},\"settings\":{\"service_url\":\"https://s4.example.com"
                    + service
                    + "\",\"version\":\""
                    + version
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private RunningHookyard boot() {
    return RunningHookyard.start(
        dataDir,
        "--hookyard.connections.vendors.sap-odata.base-url=" + sap.baseUrl(),
        "--hookyard.syncs.throttle-wait=2s");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    receiver.close();
    sap.close();
  }

  private List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  private static void settle() {
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  private static String sync(String entitySet, String key, String fullResync, String select) {
    return "{\"entity\":\""
        + entitySet
        + "\",\"interval\":\"PT1H\",\"full_resync\":\""
        + fullResync
        + "\",\"since\":\"1970-01-01T00:00:00Z\",\"settings\":{\"key\":\""
        + key
        + "\",\"modified_field\":\"LastChangeDateTime\",\"select\":\""
        + select
        + "\"}}";
  }

  @Test
  @Order(1)
  void v2AnInitialLoadOverServerDrivenPagesThenChangesExactlyOnce() {
    for (int i = 0; i < 25; i++) {
      sap.put(
          SapODataFake.V2_SET,
          "10000" + (10 + i),
          Map.of(
              "BusinessPartnerFullName",
              "Partner " + i,
              "BusinessPartnerCategory",
              "2",
              "CreationDate",
              "/Date(1700000000000)/",
              "SearchTerm1",
              "P" + i));
    }
    partners =
        syncs.create(
            v2,
            sync(
                SapODataFake.V2_SET,
                "BusinessPartner",
                "P1D",
                "BusinessPartnerFullName,CreationDate"));
    await().atMost(RUN).until(() -> events(PARTNER + "created").size() >= 25);
    settle();
    List<JsonNode> created = events(PARTNER + "created");
    assertThat(created).hasSize(25);
    assertThat(ids(created)).hasSize(25);
    JsonNode p =
        created.stream()
            .filter(e -> e.path("data").path("id").asString().equals("1000017"))
            .findFirst()
            .orElseThrow()
            .path("data")
            .path("record");
    assertThat(p.path("BusinessPartnerFullName").asString()).isEqualTo("Partner 7");
    assertThat(p.path("CreationDate").asString()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(p.has("__metadata")).isFalse();
    assertThat(p.has("SearchTerm1")).as("not selected").isFalse();
    List<io.hookyard.app.support.vendor.VendorFake.Call> reads =
        sap.calls("GET", SapODataFake.V2_SERVICE + "/" + SapODataFake.V2_SET);
    assertThat(reads).as("three pages of ten").hasSize(3);
    assertThat(reads.get(0).query())
        .contains("$orderby=LastChangeDateTime%20asc%2CBusinessPartner%20asc")
        .contains("$format=json");

    sap.put(SapODataFake.V2_SET, "1000013", Map.of("BusinessPartnerFullName", "Renamed"));
    sap.put(SapODataFake.V2_SET, "1000099", Map.of("BusinessPartnerFullName", "New one"));
    JsonNode run = syncs.runAndWait(partners, RUN);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("incremental");
    assertThat(run.path("records").asLong()).isEqualTo(2);
    List<io.hookyard.app.support.vendor.VendorFake.Call> after =
        sap.calls("GET", SapODataFake.V2_SERVICE + "/" + SapODataFake.V2_SET);
    String filter = after.get(after.size() - 1).query();
    assertThat(filter).contains("$filter=LastChangeDateTime%20ge%20datetimeoffset%27");
    syncs.runAndWait(partners, RUN); // finds nothing new
    settle();
    assertThat(ids(events(PARTNER + "updated"))).containsExactly("1000013");
    assertThat(events(PARTNER + "updated")).hasSize(1);
    assertThat(events(PARTNER + "created")).hasSize(26);
  }

  @Test
  @Order(2)
  void v4AnInitialLoadOverNextLinksThenChangesExactlyOnce() {
    for (int i = 0; i < 15; i++) {
      sap.put(
          SapODataFake.V4_SET,
          "" + (5000 + i),
          Map.of("SalesOrderType", "OR", "SoldToParty", "1000017", "TotalNetAmount", 100.5 + i));
    }
    orders = syncs.create(v4, sync(SapODataFake.V4_SET, "SalesOrder", "P1D", "TotalNetAmount"));
    await().atMost(RUN).until(() -> events(ORDER + "created").size() >= 15);
    settle();
    assertThat(events(ORDER + "created")).hasSize(15);
    JsonNode o = events(ORDER + "created").get(0).path("data").path("record");
    assertThat(o.has("@odata.etag")).isFalse();
    assertThat(o.has("TotalNetAmount")).isTrue();
    assertThat(sap.calls("GET", SapODataFake.V4_SERVICE + "/" + SapODataFake.V4_SET)).hasSize(2);

    sap.put(SapODataFake.V4_SET, "5003", Map.of("TotalNetAmount", 999.99));
    JsonNode run = syncs.runAndWait(orders, RUN);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isEqualTo(1);
    List<io.hookyard.app.support.vendor.VendorFake.Call> after =
        sap.calls("GET", SapODataFake.V4_SERVICE + "/" + SapODataFake.V4_SET);
    String filter = after.get(after.size() - 1).query();
    assertThat(filter).containsPattern("\\$filter=LastChangeDateTime%20ge%20\\d{4}-\\d\\d-\\d\\dT");
    settle();
    assertThat(ids(events(ORDER + "updated"))).containsExactly("5003");
    assertThat(events(ORDER + "created")).hasSize(15);
  }

  @Test
  @Order(3)
  void a429SlowsTheRunAndFailsNothing() {
    int before = sap.throttled();
    sap.throttleNext(2);
    sap.put(SapODataFake.V4_SET, "5004", Map.of("TotalNetAmount", 1.0));
    JsonNode run = syncs.runAndWait(orders, RUN);
    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    assertThat(sap.throttled() - before).isEqualTo(2);
    await().atMost(RUN).until(() -> ids(events(ORDER + "updated")).contains("5004"));
  }

  @Test
  @Order(4)
  void sapsErrorAnswersReachLastErrorInOurWords() {
    String bad =
        "{\"entity\":\"%s\",\"interval\":\"PT1H\",\"settings\":{\"key\":\"%s\","
            + "\"modified_field\":\"ChangedOn\"}}";
    String v2Bad = syncs.create(v2, bad.formatted(SapODataFake.V2_SET, "BusinessPartner"));
    String v4Bad = syncs.create(v4, bad.formatted(SapODataFake.V4_SET, "SalesOrder"));
    for (String id : List.of(v2Bad, v4Bad)) {
      JsonNode run = syncs.runAndWait(id, RUN);
      assertThat(run.path("status").asString()).isEqualTo("failed");
      assertThat(run.path("error").asString())
          .contains("sap-odata")
          .contains("HTTP 400")
          .contains("/IWBEP/CM_MGW_RT/022")
          .contains("Property 'ChangedOn' is invalid");
      JsonNode sync = acme.api().get("/api/v1/syncs/" + id).body();
      assertThat(sync.path("last_error").asString()).contains("Property 'ChangedOn' is invalid");
      acme.api().patch("/api/v1/syncs/" + id, "{\"paused\":true}");
    }
  }

  @Test
  @Order(5)
  void theFullResyncFindsDeletionsAndReportsOnlyWhatDiffers() {
    ApiClient.Response patched =
        acme.api().patch("/api/v1/syncs/" + partners, "{\"full_resync\":\"PT30S\"}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    // due 30 s after the last listing: the initial load
    Instant initial =
        syncs.finished(partners).stream()
            .filter(r -> r.path("kind").asString().equals("initial"))
            .map(r -> Instant.parse(r.path("finished_at").asString()))
            .findFirst()
            .orElseThrow();
    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> Instant.now().isAfter(initial.plusSeconds(31)));
    int created = events(PARTNER + "created").size();
    int updated = events(PARTNER + "updated").size();
    sap.delete(SapODataFake.V2_SET, "1000020");
    sap.delete(SapODataFake.V2_SET, "1000021");
    sap.put(SapODataFake.V2_SET, "1000022", Map.of("BusinessPartnerFullName", "Changed"));
    JsonNode run = syncs.runAndWait(partners, RUN);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("kind").asString()).isEqualTo("full_resync");
    assertThat(run.path("records").asLong()).isEqualTo(3);
    settle();
    assertThat(ids(events(PARTNER + "deleted"))).containsExactlyInAnyOrder("1000020", "1000021");
    assertThat(events(PARTNER + "deleted")).hasSize(2);
    assertThat(events(PARTNER + "updated")).hasSize(updated + 1);
    assertThat(events(PARTNER + "created")).hasSize(created);
    assertThat(acme.api().patch("/api/v1/syncs/" + partners, "{\"full_resync\":\"P1D\"}").status())
        .isEqualTo(200);
  }

  @Test
  @Order(6)
  void refusedBasicCredentialsAskTheTenantForNewOnesAndNoCsrfTokenIsFetched() {
    String wrong = connection(SapODataFake.V2_SERVICE, "v2", "not-the-password");
    String sync =
        syncs.create(
            wrong,
            "{\"entity\":\"A_BusinessPartner\",\"settings\":{\"key\":\"BusinessPartner\","
                + "\"modified_field\":\"LastChangeDateTime\"}}");
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
    assertThat(sap.unauthorized()).isPositive();
    assertThat(sap.csrfFetches()).as("reads need no CSRF token").isZero();
  }

  @Test
  @Order(7)
  void oauthClientCredentialsWorkTooAndAnExpiredTokenIsFetchedAgainOnce() {
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"sap-odata\",\"auth\":{\"client_id\":\""
                    + SapODataFake.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + SapODataFake.CLIENT_SECRET
                    + "\"},\"settings\":{\"service_url\":\"https://s4.example.com"
                    + SapODataFake.V4_SERVICE
                    + "\",\"version\":\"v4\",\"token_url\":\""
                    + sap.baseUrl()
                    + "/oauth/token\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String oauth = created.body().path("id").asString();
    acme.api().post("/api/v1/connections/" + oauth + "/check", "");
    assertThat(acme.api().get("/api/v1/connections/" + oauth).body().path("status").asString())
        .isEqualTo("connected");
    String sync =
        syncs.create(
            oauth,
            "{\"entity\":\"SalesOrder\",\"interval\":\"PT1H\","
                + "\"settings\":{\"key\":\"SalesOrder\",\"modified_field\":\"LastChangeDateTime\"}}");
    await().atMost(RUN).until(() -> !syncs.finished(sync).isEmpty());
    assertThat(syncs.finished(sync).get(0).path("status").asString()).isEqualTo("succeeded");
    int grants = sap.grants();
    sap.expireToken();
    sap.put(SapODataFake.V4_SET, "5009", Map.of("TotalNetAmount", 7.5));
    JsonNode run = syncs.runAndWait(sync, RUN);
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
    assertThat(run.path("records").asLong()).isEqualTo(1);
    assertThat(sap.grants()).isEqualTo(grants + 1);
    syncs.runAndWait(orders, RUN); // the Basic connection's sync of the same set reports it too
  }

  @Test
  @Order(9)
  void aRestartOnTheSameDataFolderRepeatsNothing() {
    settle();
    int before = receiver.received().size();
    hookyard.close();
    hookyard = boot();
    syncs = new SyncApi(new ApiClient(hookyard.baseUrl(), apiKey));
    for (String id : List.of(partners, orders)) {
      JsonNode run = syncs.runAndWait(id, RUN);
      assertThat(run.path("status").asString()).isEqualTo("succeeded");
      assertThat(run.path("records").asLong()).isZero();
    }
    settle();
    assertThat(receiver.received()).hasSize(before);
  }
}
