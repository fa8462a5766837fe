package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * {@link HubSpotSyncIT}'s tests of OAuth 2.0 connections, run by it in its {@link Order} on its
 * app: an expired access token refreshed once for all the connection's syncs, and a refused refresh
 * that waits for the tenant and tells it. A file of their own, not a class with an app of its own:
 * they add to the CRM fake that the IT's Acme sync reports, and its restart test comes last.
 */
abstract class HubSpotSyncOAuthTest extends HubSpotSyncTest {
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
}
