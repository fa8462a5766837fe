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
import io.hookyard.app.support.vendor.exactonline.ExactConnections;
import io.hookyard.app.support.vendor.exactonline.ExactOAuth;
import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online's single-use refresh tokens against one embedded Hookyard and a loopback Exact
 * Online: a refresh whose answer is lost ends with the connection working (the vendor never saw it:
 * the same refresh is sent again) or {@code authorization_required} with a {@code
 * connection.failed} event (the vendor had rotated the token), never silently stuck; and syncs, a
 * destination and connection checks of one connection whose tokens keep expiring never refresh two
 * at a time nor spend a refresh token twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactOnlineRefreshIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ExactOnlineFake exact;
  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    exact = new ExactOnlineFake();
    List<String> settings = new ArrayList<>(ExactConnections.settings(exact));
    settings.add("--hookyard.destinations.timeout=PT2S");
    hookyard = RunningHookyard.start(dataDir, settings.toArray(String[]::new));
  }

  @AfterEach
  void tokensLiveTenMinutesAgain() {
    exact.oauth().accessTokenLifetime(Duration.ofMinutes(10));
    exact.oauth().refreshLatency(Duration.ZERO);
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    exact.close();
  }

  private String sync(Tenant tenant, String connection, String entity) {
    return new SyncApi(tenant.api())
        .create(
            connection,
            "{\"entity\":\""
                + entity
                + "\",\"interval\":\"PT1H\",\"since\":\""
                + Instant.now()
                + "\"}");
  }

  private static JsonNode lastRun(Tenant tenant, String sync) {
    List<JsonNode> runs = new SyncApi(tenant.api()).finished(sync);
    return runs.isEmpty() ? Json.mapper().createObjectNode() : runs.get(0);
  }

  private static String status(Tenant tenant, String connection) {
    return tenant.api().get("/api/v1/connections/" + connection).body().path("status").asString();
  }

  @Test
  void aLostAnswerAfterTheVendorRotatedTheTokenEndsInAuthorizationRequiredAndTellsTheTenant()
      throws IOException {
    Tenant tenant = Tenants.create(hookyard, "Rotated Co");
    try (LoopbackReceiver own = new LoopbackReceiver()) {
      tenant
          .api()
          .post(
              "/api/v1/endpoints",
              "{\"url\":\"" + own.url() + "\",\"event_types\":[\"connection.failed\"]}");
      String connection = ExactConnections.authorized(hookyard, tenant, "");
      int chain = exact.oauth().lastChain();
      String sync = sync(tenant, connection, "accounts");
      await()
          .atMost(WAIT)
          .until(() -> lastRun(tenant, sync).path("status").asString().equals("succeeded"));
      int refused = exact.oauth().refusedRefreshes();

      exact.oauth().loseNextRefreshAnswer(chain);
      exact.oauth().expireAccessTokens();
      tenant.api().post("/api/v1/syncs/" + sync + "/run", "{}");

      await().atMost(WAIT).until(() -> status(tenant, connection).equals("authorization_required"));
      JsonNode shown = tenant.api().get("/api/v1/connections/" + connection).body();
      assertThat(shown.path("last_error").asString())
          .contains("answer to a token refresh was lost")
          .doesNotContain("Old refresh token")
          .doesNotContain("exact-refresh-");
      assertThat(exact.oauth().refusedRefreshes() - refused)
          .as("the same refresh sent once more, refused as spent")
          .isEqualTo(1);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  tenant
                      .api()
                      .get("/api/v1/syncs/" + sync)
                      .body()
                      .path("status")
                      .asString()
                      .equals("authorization_required"));
      await().atMost(WAIT).until(() -> ReceivedEvents.of(own, "connection.failed").size() == 1);
      assertThat(
              ReceivedEvents.of(own, "connection.failed")
                  .get(0)
                  .path("data")
                  .path("connection_id")
                  .asString())
          .isEqualTo(connection);

      reauthorize(tenant, connection);
      assertThat(status(tenant, connection)).isEqualTo("connected");
      JsonNode run = new SyncApi(tenant.api()).runAndWait(sync, WAIT);
      assertThat(run.path("status").asString()).isEqualTo("succeeded");
    }
  }

  @Test
  void aLostAnswerTheVendorNeverSawIsSentAgainAndTheConnectionKeepsWorking() {
    Tenant tenant = Tenants.create(hookyard, "Unseen Co");
    String connection = ExactConnections.authorized(hookyard, tenant, "");
    int chain = exact.oauth().lastChain();
    String sync = sync(tenant, connection, "contacts");
    await()
        .atMost(WAIT)
        .until(() -> lastRun(tenant, sync).path("status").asString().equals("succeeded"));
    int refreshes = exact.oauth().refreshes();
    int refused = exact.oauth().refusedRefreshes();

    exact.oauth().dropNextRefreshUnseen(chain);
    exact.oauth().expireAccessTokens();
    JsonNode run = new SyncApi(tenant.api()).runAndWait(sync, WAIT);

    assertThat(run.path("status").asString()).isEqualTo("succeeded");
    // the unseen refresh was sent again and taken; under load a later request may refresh once
    // more in turn (each with the newest token), but no refresh token is ever refused as spent
    assertThat(exact.oauth().refreshes() - refreshes).isPositive();
    assertThat(exact.oauth().refusedRefreshes()).isEqualTo(refused);
    assertThat(status(tenant, connection)).isEqualTo("connected");
  }

  @Test
  void syncsADestinationAndChecksOfOneConnectionNeverRefreshTwoAtATime() {
    exact.oauth().accessTokenLifetime(Duration.ofSeconds(63)); // "expiring" 3 s after each refresh
    exact.oauth().refreshLatency(Duration.ofMillis(300));
    Tenant tenant = Tenants.create(hookyard, "Busy Co");
    String connection = ExactConnections.authorized(hookyard, tenant, "");
    ApiClient.Response endpoint =
        tenant
            .api()
            .post(
                "/api/v1/endpoints",
                "{\"type\":\"exact-online\",\"connection_id\":\""
                    + connection
                    + "\",\"action\":\"upsert_account\",\"event_types\":[\"company.created\"],"
                    + "\"retry_schedule\":[\"PT1S\",\"PT1S\",\"PT1S\"]}");
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    String endpointId = endpoint.body().path("id").asString();
    int refused = exact.oauth().refusedRefreshes();
    int refreshes = exact.oauth().refreshes();
    List<String> syncs =
        List.of("accounts", "contacts", "sales_invoices").stream()
            .map(entity -> sync(tenant, connection, entity))
            .toList();

    Instant until = Instant.now().plusSeconds(12);
    int published = 0;
    while (Instant.now().isBefore(until)) {
      syncs.forEach(s -> tenant.api().post("/api/v1/syncs/" + s + "/run", "{}"));
      tenant.api().post("/api/v1/connections/" + connection + "/check", "");
      String code = "B" + UUID.randomUUID().toString().substring(0, 8);
      tenant
          .api()
          .post(
              "/api/v1/events",
              Json.writeString(
                  Map.of(
                      "type",
                      "company.created",
                      "subject",
                      code,
                      "data",
                      Map.of("id", code, "code", code, "name", "Busy " + code))));
      published++;
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    }
    int sent = published;
    await()
        .atMost(WAIT)
        .until(
            () ->
                io.hookyard.app.support.DispatchScenario.attempts(tenant.api(), endpointId).stream()
                        .filter(a -> a.path("status").asString().equals("succeeded"))
                        .count()
                    == sent);

    assertThat(exact.oauth().refreshes() - refreshes).as("tokens kept expiring").isGreaterThan(1);
    assertThat(exact.oauth().maxConcurrentRefreshes()).as("refreshes at once").isEqualTo(1);
    assertThat(exact.oauth().refusedRefreshes() - refused)
        .as("refresh tokens spent twice")
        .isZero();
    assertThat(status(tenant, connection)).isEqualTo("connected");
    syncs.forEach(
        s ->
            await()
                .atMost(WAIT)
                .until(() -> lastRun(tenant, s).path("status").asString().equals("succeeded")));
  }

  private void reauthorize(Tenant tenant, String connection) {
    String location =
        tenant.api().get("/api/v1/connections/" + connection + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient.Response done =
        new ApiClient(hookyard.baseUrl(), null)
            .get("/oauth/callback?code=" + ExactOAuth.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
  }
}
