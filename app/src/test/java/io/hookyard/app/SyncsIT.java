package io.hookyard.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.SyncRunTopic;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.sync.SyncRun;
import io.hookyard.schemas.view.ConfigView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The sync management API against one embedded Hookyard: what it answers, what it refuses, what it
 * publishes on {@code hookyard.config} for the ingest role (read back through the app's own {@link
 * ConfigView}), and how runs the engine reports on {@code hookyard.syncs.runs} become the run log,
 * the sync's state and, after five failures, one {@code sync.failing} event for the tenant.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncsIT {
  static final String HUBSPOT_TOKEN =
      "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"pat-na1-t0ken\"}}";
  private static final Duration PUBLISHED = Duration.ofSeconds(30);

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    // the API and the run log on their own: the shared app's engine is off, so the run records
    // are the ones this test writes as the engine would (the engine has its own ITs against fakes)
    hookyard = SharedHookyard.get();
  }

  @Test
  void aSyncIsMadeListedChangedRunAndDeletedAndTheIngestRoleSeesEachChange() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    String con = connection(acme, HUBSPOT_TOKEN);

    ApiClient.Response created =
        acme.api().post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"contacts\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode sync = created.body();
    String id = sync.path("id").asString();
    assertThat(id).startsWith("syn_");
    assertThat(sync.path("connection_id").asString()).isEqualTo(con);
    assertThat(sync.path("entity").asString()).isEqualTo("contacts");
    assertThat(sync.path("interval").asString()).isEqualTo("PT15M");
    assertThat(sync.path("full_resync").asString()).isEqualTo("P7D");
    assertThat(sync.path("status").asString()).isEqualTo("scheduled");
    assertThat(sync.path("paused").asBoolean()).isFalse();
    assertThat(sync.path("records").asLong()).isZero();
    assertThat(sync.path("errors").asLong()).isZero();
    for (String empty : List.of("since", "last_run_at", "next_run_at", "last_error")) {
      assertThat(sync.has(empty)).as(empty).isTrue();
      assertThat(sync.path(empty).isNull()).as(empty).isTrue();
    }
    assertThat(sync.path("settings").isObject()).isTrue();
    assertThat(sync.path("created_at").asString()).isNotBlank();

    ApiClient.Response full =
        acme.api()
            .post(
                "/api/v1/connections/" + con + "/syncs",
                "{\"entity\":\"deals\",\"interval\":\"PT30S\",\"full_resync\":\"PT1H\","
                    + "\"since\":\"1970-01-01T00:00:00Z\","
                    + "\"settings\":{\"page_size\":50,\"archived\":true,\"pipeline\":\"sales\"}}");
    assertThat(full.status()).as(full.toString()).isEqualTo(201);
    String deals = full.body().path("id").asString();
    assertThat(full.body().path("interval").asString()).isEqualTo("PT30S");
    assertThat(full.body().path("full_resync").asString()).isEqualTo("PT1H");
    assertThat(full.body().path("since").asString()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(full.body().path("settings").path("page_size").asInt()).isEqualTo(50);
    assertThat(full.body().path("settings").path("archived").asBoolean()).isTrue();

    JsonNode list = acme.api().get("/api/v1/connections/" + con + "/syncs").body();
    assertThat(ids(list)).containsExactly(deals, id);
    JsonNode first = acme.api().get("/api/v1/connections/" + con + "/syncs?limit=1").body();
    assertThat(ids(first)).containsExactly(deals);
    String cursor = first.path("next_cursor").asString();
    JsonNode second =
        acme.api().get("/api/v1/connections/" + con + "/syncs?limit=1&cursor=" + cursor).body();
    assertThat(ids(second)).containsExactly(id);
    assertThat(second.path("next_cursor").isNull()).isTrue();
    assertThat(acme.api().get("/api/v1/syncs/" + id).body()).isEqualTo(sync);

    SyncConfig published = awaitSync(id, c -> true);
    assertThat(published.vendor()).isEqualTo("hubspot");
    assertThat(published.entity()).isEqualTo("contacts");
    assertThat(published.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(published.runRequested()).isNull();
    assertThat(awaitSync(deals, c -> true).since()).isEqualTo(Instant.EPOCH);

    ApiClient.Response paused =
        acme.api().patch("/api/v1/syncs/" + id, "{\"interval\":\"PT1M\",\"paused\":true}");
    assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
    assertThat(paused.body().path("interval").asString()).isEqualTo("PT1M");
    assertThat(paused.body().path("status").asString()).isEqualTo("paused");
    assertThat(paused.body().path("entity").asString()).isEqualTo("contacts");
    awaitSync(id, c -> c.paused() && c.interval().equals(Duration.ofMinutes(1)));
    ApiClient.Response refused = acme.api().post("/api/v1/syncs/" + id + "/run", "");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.body().path("error").path("code").asString()).isEqualTo("sync_paused");

    ApiClient.Response resumed =
        acme.api().patch("/api/v1/syncs/" + id, "{\"paused\":false,\"full_resync\":\"P1D\"}");
    assertThat(resumed.body().path("status").asString()).isEqualTo("scheduled");
    assertThat(resumed.body().path("full_resync").asString()).isEqualTo("P1D");
    assertThat(resumed.body().path("interval").asString()).isEqualTo("PT1M");

    ApiClient.Response run = acme.api().post("/api/v1/syncs/" + id + "/run", "");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
    assertThat(run.body().path("id").asString()).isEqualTo(id);
    Instant requested = Instant.parse(run.body().path("run_requested_at").asString());
    SyncConfig asked = awaitSync(id, c -> requested.equals(c.runRequested()));
    assertThat(asked.paused()).isFalse();
    assertThat(asked.fullResync()).isEqualTo(Duration.ofDays(1));

    assertThat(acme.api().delete("/api/v1/syncs/" + id).status()).isEqualTo(204);
    assertThat(acme.api().get("/api/v1/syncs/" + id).status()).isEqualTo(404);
    assertThat(acme.api().delete("/api/v1/syncs/" + id).status()).isEqualTo(404);
    await().atMost(PUBLISHED).until(() -> view().sync(new SyncId(id)).isEmpty());
    assertThat(ids(acme.api().get("/api/v1/connections/" + con + "/syncs").body()))
        .containsExactly(deals);

    List<String> actions = new ArrayList<>();
    acme.api().get("/api/v1/audit").body().path("data").forEach(e -> actions.add(action(e, id)));
    assertThat(actions)
        .contains("sync.created", "sync.updated", "sync.run_requested", "sync.deleted");
  }

  @Test
  void everyBrokenRuleIsA422NamingItsFieldAndLeavesNothingBehind() {
    Tenant acme = Tenants.create(hookyard, "Rules");
    String con = connection(acme, HUBSPOT_TOKEN);
    String slack =
        connection(acme, "{\"vendor\":\"slack\",\"auth\":{\"access_token\":\"xoxb-1\"}}");
    Map<String, String> create =
        Map.ofEntries(
            Map.entry("{}", "entity"),
            Map.entry("{\"entity\":\"tickets\"}", "entity"),
            Map.entry("{\"entity\":42}", "entity"),
            Map.entry("{\"entity\":\"contacts\",\"interval\":\"PT5S\"}", "interval"),
            Map.entry("{\"entity\":\"contacts\",\"interval\":\"15 minutes\"}", "interval"),
            Map.entry("{\"entity\":\"contacts\",\"interval\":900}", "interval"),
            Map.entry("{\"entity\":\"contacts\",\"full_resync\":\"PT10S\"}", "full_resync"),
            Map.entry("{\"entity\":\"contacts\",\"full_resync\":\"weekly\"}", "full_resync"),
            Map.entry("{\"entity\":\"contacts\",\"since\":\"yesterday\"}", "since"),
            Map.entry("{\"entity\":\"contacts\",\"since\":\"2026-01-01\"}", "since"),
            Map.entry("{\"entity\":\"contacts\",\"settings\":[1]}", "settings"),
            Map.entry("{\"entity\":\"contacts\",\"settings\":{\"a\":{\"b\":1}}}", "settings.a"),
            Map.entry("{\"entity\":\"contacts\",\"settings\":{\"l\":[1]}}", "settings.l"),
            Map.entry("{\"entity\":\"contacts\",\"settings\":{\"n\":null}}", "settings.n"),
            Map.entry("{\"entity\":\"contacts\",\"intervall\":\"PT1M\"}", "intervall"));
    create.forEach(
        (body, field) -> {
          ApiClient.Response answer =
              acme.api().post("/api/v1/connections/" + con + "/syncs", body);
          assertThat(answer.status()).as(body + " " + answer).isEqualTo(422);
          assertThat(answer.errorField()).as(body).isEqualTo(field);
          assertThat(answer.body().path("error").path("code").asString())
              .isEqualTo("validation_failed");
        });
    ApiClient.Response noSyncs =
        acme.api().post("/api/v1/connections/" + slack + "/syncs", "{\"entity\":\"contacts\"}");
    assertThat(noSyncs.status()).as(noSyncs.toString()).isEqualTo(422);
    assertThat(noSyncs.errorField()).isEqualTo("entity");
    assertThat(noSyncs.body().path("error").path("message").asString()).contains("slack");
    assertThat(acme.api().get("/api/v1/connections/" + con + "/syncs").body().path("data"))
        .as("nothing half-written")
        .isEmpty();
    assertThat(acme.api().get("/api/v1/audit").body().toString()).doesNotContain("sync.created");

    String id =
        acme.api()
            .post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"companies\"}")
            .body()
            .path("id")
            .asString();
    JsonNode before = acme.api().get("/api/v1/syncs/" + id).body();
    Map<String, String> patch =
        Map.of(
            "{\"interval\":\"PT1S\"}", "interval",
            "{\"interval\":\"PT1M\",\"full_resync\":\"PT1S\"}", "full_resync",
            "{\"paused\":\"yes\"}", "paused",
            "{\"entity\":\"deals\"}", "entity",
            "{\"settings\":{}}", "settings",
            "{\"colour\":\"red\"}", "colour");
    patch.forEach(
        (body, field) -> {
          ApiClient.Response answer = acme.api().patch("/api/v1/syncs/" + id, body);
          assertThat(answer.status()).as(body + " " + answer).isEqualTo(422);
          assertThat(answer.errorField()).as(body).isEqualTo(field);
        });
    assertThat(acme.api().get("/api/v1/syncs/" + id).body()).isEqualTo(before);
    ApiClient.Response notJson = acme.api().patch("/api/v1/syncs/" + id, "[1]");
    assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
  }

  @Test
  void anotherTenantsConnectionsAndSyncsAre404() {
    Tenant a = Tenants.create(hookyard, "A");
    Tenant b = Tenants.create(hookyard, "B");
    String con = connection(a, HUBSPOT_TOKEN);
    String id =
        a.api()
            .post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"deals\"}")
            .body()
            .path("id")
            .asString();

    ApiClient.Response foreign =
        b.api().post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"deals\"}");
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body().path("error").path("message").asString()).contains("connection");
    assertThat(b.api().get("/api/v1/connections/" + con + "/syncs").status()).isEqualTo(404);
    assertThat(b.api().get("/api/v1/syncs/" + id).status()).isEqualTo(404);
    assertThat(b.api().patch("/api/v1/syncs/" + id, "{\"paused\":true}").status()).isEqualTo(404);
    assertThat(b.api().post("/api/v1/syncs/" + id + "/run", "").status()).isEqualTo(404);
    assertThat(b.api().get("/api/v1/syncs/" + id + "/runs").status()).isEqualTo(404);
    assertThat(b.api().delete("/api/v1/syncs/" + id).status()).isEqualTo(404);
    JsonNode still = a.api().get("/api/v1/syncs/" + id).body();
    assertThat(still.path("paused").asBoolean()).isFalse();
    assertThat(still.path("status").asString()).isEqualTo("scheduled");
  }

  @Test
  void aConnectionAwaitingAuthorizationShowsInItsSyncsAndDeletingItDeletesThem() {
    Tenant acme = Tenants.create(hookyard, "Oauth");
    String oauth =
        connection(
            acme,
            "{\"vendor\":\"hubspot\",\"auth\":{\"client_id\":\"c\",\"client_secret\":\"s\"}}");
    JsonNode waiting =
        acme.api()
            .post("/api/v1/connections/" + oauth + "/syncs", "{\"entity\":\"contacts\"}")
            .body();
    assertThat(waiting.path("status").asString()).isEqualTo("authorization_required");
    String one = waiting.path("id").asString();
    String two =
        acme.api()
            .post("/api/v1/connections/" + oauth + "/syncs", "{\"entity\":\"deals\"}")
            .body()
            .path("id")
            .asString();
    awaitSync(one, c -> true);
    awaitSync(two, c -> true);

    assertThat(acme.api().delete("/api/v1/connections/" + oauth).status()).isEqualTo(204);
    assertThat(acme.api().get("/api/v1/syncs/" + one).status()).isEqualTo(404);
    assertThat(acme.api().get("/api/v1/syncs/" + two).status()).isEqualTo(404);
    await()
        .atMost(PUBLISHED)
        .until(
            () -> view().sync(new SyncId(one)).isEmpty() && view().sync(new SyncId(two)).isEmpty());
    List<String> actions = new ArrayList<>();
    acme.api().get("/api/v1/audit").body().path("data").forEach(e -> actions.add(action(e, two)));
    assertThat(actions).contains("sync.deleted");
  }

  @Test
  void runsReportedByTheEngineFillTheRunLogAndFiveFailuresTellTheTenantOnce() throws Exception {
    Tenant acme = Tenants.create(hookyard, "Runs");
    try (LoopbackReceiver watcher = new LoopbackReceiver()) {
      ApiClient.Response endpoint =
          acme.api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\":\"" + watcher.url() + "\",\"event_types\":[\"sync.failing\"]}");
      assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
      String con = connection(acme, HUBSPOT_TOKEN);
      String id =
          acme.api()
              .post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"contacts\"}")
              .body()
              .path("id")
              .asString();
      String syncPath = "/api/v1/syncs/" + id;
      Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
      try (SyncRunTopic topic =
          new SyncRunTopic(hookyard.kafkaBootstrapServers(), acme.id(), con, id)) {
        String first = Ids.next(SyncRun.PREFIX);
        topic.send(topic.start(first, t0));
        await()
            .atMost(PUBLISHED)
            .until(
                () -> "running".equals(acme.api().get(syncPath).body().path("status").asString()));
        JsonNode running = runs(acme, id, "").get(0);
        assertThat(running.path("status").asString()).isEqualTo("running");
        assertThat(running.path("finished_at").isNull()).isTrue();

        SyncRun end = topic.end(first, t0, SyncRun.SUCCEEDED, 7, null, "scheduled");
        topic.send(end);
        topic.send(end); // read again after a crash: counted once
        String second = topic.run(t0.plusSeconds(60), SyncRun.SUCCEEDED, 3, null, "scheduled");
        await().atMost(PUBLISHED).until(() -> runs(acme, id, "").size() == 2);
        await()
            .atMost(PUBLISHED)
            .until(() -> acme.api().get(syncPath).body().path("records").asLong() == 10);
        JsonNode sync = acme.api().get(syncPath).body();
        assertThat(sync.path("status").asString()).isEqualTo("scheduled");
        assertThat(sync.path("last_run_at").asString()).isEqualTo("2026-12-01T10:01:00Z");
        assertThat(sync.path("next_run_at").asString()).isEqualTo("2026-12-01T10:02:00Z");
        JsonNode newest = runs(acme, id, "").get(0);
        assertThat(newest.path("id").asString()).isEqualTo(second);
        assertThat(newest.path("status").asString()).isEqualTo("succeeded");
        assertThat(newest.path("kind").asString()).isEqualTo("incremental");
        assertThat(newest.path("records").asLong()).isEqualTo(3);
        assertThat(newest.path("requests").asLong()).isEqualTo(1);
        assertThat(newest.path("started_at").asString()).isEqualTo("2026-12-01T10:01:00Z");
        assertThat(newest.path("finished_at").asString()).isEqualTo("2026-12-01T10:01:01Z");
        assertThat(newest.has("error")).isTrue();

        for (int i = 1; i <= 5; i++) {
          topic.run(
              t0.plusSeconds(60L * (i + 1)),
              SyncRun.FAILED,
              1,
              "the vendor answered 500 on page " + i,
              i == 5 ? "failing" : "scheduled");
        }
        await()
            .atMost(PUBLISHED)
            .until(
                () -> "failing".equals(acme.api().get(syncPath).body().path("status").asString()));
        sync = acme.api().get(syncPath).body();
        assertThat(sync.path("errors").asLong()).isEqualTo(5);
        assertThat(sync.path("records").asLong()).isEqualTo(15);
        assertThat(sync.path("last_error").asString())
            .isEqualTo("the vendor answered 500 on page 5");

        List<JsonNode> all = runs(acme, id, "");
        assertThat(all).hasSize(7);
        assertThat(all.get(0).path("status").asString()).isEqualTo("failed");
        assertThat(all.get(6).path("id").asString()).isEqualTo(first);
        JsonNode page = acme.api().get(syncPath + "/runs?limit=4").body();
        assertThat(page.path("data")).hasSize(4);
        List<JsonNode> rest =
            runs(acme, id, "?limit=4&cursor=" + page.path("next_cursor").asString());
        assertThat(rest).hasSize(3);
        assertThat(rest.get(2).path("id").asString()).isEqualTo(first);

        await().atMost(Duration.ofSeconds(90)).until(() -> watcher.received().size() == 1);
        JsonNode event = Json.tree(watcher.received().get(0).body().getBytes(UTF_8));
        assertThat(event.path("event_type").asString()).isEqualTo("sync.failing");
        JsonNode data = event.path("data");
        assertThat(data.path("sync_id").asString()).isEqualTo(id);
        assertThat(data.path("connection_id").asString()).isEqualTo(con);
        assertThat(data.path("entity").asString()).isEqualTo("contacts");
        assertThat(data.path("consecutive_failures").asInt()).isEqualTo(5);
        assertThat(data.path("last_error").asString())
            .isEqualTo("the vendor answered 500 on page 5");

        topic.run(t0.plusSeconds(420), SyncRun.FAILED, 0, "still 500", "failing");
        topic.run(t0.plusSeconds(480), SyncRun.SUCCEEDED, 0, null, "scheduled");
        await()
            .atMost(PUBLISHED)
            .until(
                () ->
                    "scheduled".equals(acme.api().get(syncPath).body().path("status").asString()));
        assertThat(acme.api().get(syncPath).body().path("errors").asLong()).isEqualTo(6);
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> watcher.received().size() == 1);
      }
    }
  }

  private static List<JsonNode> runs(Tenant tenant, String sync, String query) {
    ApiClient.Response answer = tenant.api().get("/api/v1/syncs/" + sync + "/runs" + query);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    List<JsonNode> runs = new ArrayList<>();
    answer.body().path("data").forEach(runs::add);
    return runs;
  }

  private ConfigView view() {
    return hookyard.bean(ConfigView.class);
  }

  private SyncConfig awaitSync(String id, java.util.function.Predicate<SyncConfig> ready) {
    await().atMost(PUBLISHED).until(() -> view().sync(new SyncId(id)).filter(ready).isPresent());
    Optional<SyncConfig> config = view().sync(new SyncId(id));
    return config.orElseThrow();
  }

  static String connection(Tenant tenant, String body) {
    ApiClient.Response created = tenant.api().post("/api/v1/connections", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("data").forEach(s -> ids.add(s.path("id").asString()));
    return ids;
  }

  /** The entry's action when it is about {@code target}, else an empty string. */
  private static String action(JsonNode entry, String target) {
    return target.equals(entry.path("target_id").asString()) ? entry.path("action").asString() : "";
  }
}
