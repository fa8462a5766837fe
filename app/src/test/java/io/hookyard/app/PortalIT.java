package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Customer portal links through the API, as the tenant's customer would use them: what a link
 * limited to some endpoints can see and change, what it cannot, and that it stops working when it
 * expires. One embedded Hookyard; each test makes its own tenants.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalIT {
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @Test
  void aLinkManagesItsEndpointsAndNothingElseOfTheTenant() throws Exception {
    Tenants.Tenant acme = Tenants.create(hookyard, "Acme");
    Tenants.Tenant other = Tenants.create(hookyard, "Other");
    String mine = ConsoleBrowserTest.endpoint(acme.api(), "customer 1");
    String notMine = ConsoleBrowserTest.endpoint(acme.api(), "customer 2");
    String otherTenants = ConsoleBrowserTest.endpoint(other.api(), "elsewhere");

    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/portal-sessions",
                "{\"endpoint_ids\":[\"" + mine + "\"],\"expires_in\":\"PT1H\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String url = created.body().path("url").asString();
    assertThat(url).startsWith(hookyard.baseUrl() + "/portal/pts_").contains("#hkp_");
    assertThat(created.body().path("expires_at").asString()).isNotEmpty();
    ApiClient portal = acme.api().as(url.substring(url.indexOf('#') + 1));

    assertThat(ids(portal.get("/api/v1/endpoints"))).containsExactly(mine);
    assertThat(portal.get("/api/v1/endpoints/" + mine).status()).isEqualTo(200);
    assertThat(portal.patch("/api/v1/endpoints/" + mine, "{\"description\":\"mine\"}").status())
        .isEqualTo(200);
    assertThat(portal.post("/api/v1/endpoints/" + mine + "/secret/rotate", "").status())
        .isEqualTo(200);
    assertThat(portal.post("/api/v1/endpoints/" + mine + "/test", "{}").status()).isEqualTo(202);
    assertThat(portal.get("/api/v1/endpoints/" + mine + "/attempts").status()).isEqualTo(200);
    assertThat(portal.get("/api/v1/dead-letters?endpoint_id=" + mine).status()).isEqualTo(200);

    for (String hidden : List.of(notMine, otherTenants)) {
      assertThat(portal.get("/api/v1/endpoints/" + hidden).status()).isEqualTo(404);
      assertThat(portal.patch("/api/v1/endpoints/" + hidden, "{\"description\":\"x\"}").status())
          .isEqualTo(404);
      assertThat(portal.post("/api/v1/endpoints/" + hidden + "/test", "{}").status())
          .isEqualTo(404);
      assertThat(portal.post("/api/v1/endpoints/" + hidden + "/secret/rotate", "").status())
          .isEqualTo(404);
      assertThat(portal.get("/api/v1/endpoints/" + hidden + "/attempts").status()).isEqualTo(404);
      assertThat(portal.get("/api/v1/dead-letters?endpoint_id=" + hidden).status()).isEqualTo(404);
    }
    ApiClient.Response refused = portal.get("/api/v1/api-keys");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("error").path("code").asString()).isNotEmpty();
    assertThat(portal.get("/api/v1/sources").status()).isEqualTo(403);
    assertThat(portal.delete("/api/v1/endpoints/" + mine).status()).isEqualTo(403);
    assertThat(portal.post("/api/v1/portal-sessions", "{}").status()).isEqualTo(403);
    assertThat(portal.get("/api/v1/dead-letters").status()).isEqualTo(403);
    assertThat(portal.post("/api/v1/events", "{\"type\":\"invoice.paid\",\"data\":{}}").status())
        .isEqualTo(401);

    ApiClient.Response destination =
        portal.post(
            "/api/v1/endpoints",
            "{\"type\":\"slack\",\"connection_id\":\"con_01m90x7b7fx06adyx8y647dy4t\","
                + "\"action\":\"post_message\",\"settings\":{\"channel\":\"C1\"}}");
    assertThat(destination.status()).as(destination.toString()).isEqualTo(403);
    assertThat(portal.patch("/api/v1/endpoints/" + mine, "{\"connection_id\":\"con_x\"}").status())
        .isEqualTo(403);

    ApiClient.Response added =
        portal.post("/api/v1/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String addedId = added.body().path("id").asString();
    assertThat(ids(portal.get("/api/v1/endpoints"))).containsExactlyInAnyOrder(mine, addedId);
    assertThat(portal.get("/api/v1/endpoints/" + addedId).status()).isEqualTo(200);
    assertThat(ids(acme.api().get("/api/v1/endpoints"))).contains(addedId, notMine);
  }

  @Test
  void aLinkIsRefusedOnceItExpiredOrWhenItWasChanged() {
    Tenants.Tenant acme = Tenants.create(hookyard, "Brief");
    String mine = ConsoleBrowserTest.endpoint(acme.api(), "soon gone");
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/portal-sessions",
                "{\"endpoint_ids\":[\"" + mine + "\"],\"expires_in\":\"PT3S\"}");
    String token = created.body().path("url").asString().split("#")[1];
    ApiClient portal = acme.api().as(token);
    assertThat(portal.as(token.substring(0, token.length() - 2) + "xx").get("/api/v1/endpoints"))
        .extracting(ApiClient.Response::status)
        .isEqualTo(401);
    assertThat(portal.get("/api/v1/endpoints/" + mine).status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> portal.get("/api/v1/endpoints/" + mine).status() == 401);
    ApiClient.Response expired = portal.get("/api/v1/endpoints");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.body().path("error").path("message").asString()).contains("expired");
  }

  @Test
  void aLinkNamesOnlyTheTenantsOwnEndpointsAndItsPageMayBeFramedByTheTenantsOrigins()
      throws Exception {
    Tenants.Tenant acme = Tenants.create(hookyard, "Framer");
    Tenants.Tenant other = Tenants.create(hookyard, "Neighbour");
    String theirs = ConsoleBrowserTest.endpoint(other.api(), "not yours");
    ApiClient.Response refused =
        acme.api().post("/api/v1/portal-sessions", "{\"endpoint_ids\":[\"" + theirs + "\"]}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorField()).isEqualTo("endpoint_ids[0]");
    ApiClient.Response tooLong =
        acme.api().post("/api/v1/portal-sessions", "{\"expires_in\":\"P30D\"}");
    assertThat(tooLong.errorField()).isEqualTo("expires_in");

    String url = acme.api().post("/api/v1/portal-sessions", "{}").body().path("url").asString();
    String page = url.substring(0, url.indexOf('#'));
    assertThat(policy(page)).contains("frame-ancestors 'self'").doesNotContain("https://");

    ApiClient.Response bad =
        acme.api().put("/api/v1/portal-settings", "{\"origins\":[\"javascript:alert(1)\"]}");
    assertThat(bad.errorField()).isEqualTo("origins[0]");
    ApiClient.Response set =
        acme.api().put("/api/v1/portal-settings", "{\"origins\":[\"https://app.acme.example\"]}");
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(policy(page)).contains("frame-ancestors 'self' https://app.acme.example");
  }

  private static String policy(String page) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.headers().firstValue("Content-Security-Policy").orElse("");
  }

  private static List<String> ids(ApiClient.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode e : list.body().path("data")) {
      ids.add(e.path("id").asString());
    }
    return ids;
  }
}
