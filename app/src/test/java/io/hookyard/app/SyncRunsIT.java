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
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A sync's run log against the shared embedded Hookyard: how runs the engine reports on {@code
 * hookyard.syncs.runs} become the run log, the sync's state and, after five failures, one {@code
 * sync.failing} event for the tenant. The shared app's engine is off, so the run records are the
 * ones this test writes as the engine would; the sync management API is in {@link SyncsIT}.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncRunsIT {
  private static final Duration PUBLISHED = Duration.ofSeconds(30);

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
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
      String con = SyncsIT.connection(acme, SyncsIT.HUBSPOT_TOKEN);
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
}
