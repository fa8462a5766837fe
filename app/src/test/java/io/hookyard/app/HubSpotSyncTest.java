package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What {@link HubSpotSyncIT}'s tests share, in whichever file they are written ({@link
 * HubSpotSyncOAuthTest} holds the OAuth ones): one embedded Hookyard of their own (syncs on,
 * HubSpot at the loopback CRM fake, throttle waits of 2 s), booted once for all of them and again
 * by the restart test on the same data folder; the fake, whose records the tests add to; tenant
 * Acme with an endpoint for every event at a loopback receiver and a private-app token connection;
 * and the steps the tests take.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HubSpotSyncTest {
  static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

  Path dataDir;
  HubSpotCrmFake hubspot;
  LoopbackReceiver receiver;
  RunningHookyard hookyard;
  Tenant acme;
  String connection;

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

  RunningHookyard boot() {
    String hs = "--hookyard.connections.vendors.hubspot.";
    return RunningHookyard.start(
        dataDir,
        hs + "base-url=" + hubspot.baseUrl(),
        hs + "token-url=" + hubspot.baseUrl() + "/oauth/v1/token",
        hs + "authorize-url=" + hubspot.baseUrl() + "/oauth/authorize",
        "--hookyard.syncs.throttle-wait=2s",
        "--logging.level.io.hookyard.ingest.sync=DEBUG");
  }

  static String tokenConnection(Tenant tenant) {
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
  String sync(String entity, String connectionId, String since) {
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

  void runNow(String sync) {
    ApiClient.Response run = acme.api().post("/api/v1/syncs/" + sync + "/run", "{}");
    assertThat(run.status()).as(run.toString()).isEqualTo(202);
  }

  /** The sync's runs, newest first, once none is under way. */
  JsonNode finishedRuns(String sync) {
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

  List<JsonNode> events(String type) {
    return ReceivedEvents.of(receiver, type);
  }

  static JsonNode lastRun(Tenant tenant, String sync) {
    return tenant.api().get("/api/v1/syncs/" + sync + "/runs").body().path("data").path(0);
  }
}
