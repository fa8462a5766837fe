package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.SyncId;
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
 * The sync management API against the shared embedded Hookyard: what it answers, what it refuses,
 * and what it publishes on {@code hookyard.config} for the ingest role (read back through the app's
 * own {@link ConfigView}). How runs the engine reports become the run log and the sync's state is
 * in {@link SyncRunsIT}.
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
    // the API on its own: the shared app's engine is off (the engine has its own ITs against fakes)
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
