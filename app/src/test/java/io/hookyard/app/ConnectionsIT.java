package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackVendor;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Connections to vendor APIs against one embedded Hookyard, with a loopback server standing in for
 * Exact Online (its OAuth 2.0 authorize, token and API URLs all point there) and for Pipedrive (a
 * token vendor).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsIT {
  private static final String EXACT =
      "{\"vendor\":\"exact-online\",\"name\":\"Books\",\"settings\":{\"division\":123},"
          + "\"auth\":{\"client_id\":\""
          + LoopbackVendor.CLIENT_ID
          + "\",\"client_secret\":\""
          + LoopbackVendor.CLIENT_SECRET
          + "\",\"scope\":\"crm\"}}";

  private LoopbackVendor vendor;
  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    vendor = new LoopbackVendor();
    String exact = "--hookyard.connections.vendors.exact-online.";
    hookyard =
        RunningHookyard.start(
            dataDir,
            exact + "base-url=" + vendor.baseUrl(),
            exact + "authorize-url=" + vendor.baseUrl() + "/oauth/authorize",
            exact + "token-url=" + vendor.baseUrl() + "/oauth/token",
            "--hookyard.connections.vendors.pipedrive.base-url=" + vendor.baseUrl());
  }

  /** The vendor's behaviour is shared by the tests; each starts from the default. */
  @BeforeEach
  void resetVendor() {
    vendor.acceptToken(LoopbackVendor.ISSUED_TOKEN);
    vendor.issueTokensValidFor(600);
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    if (vendor != null) {
      vendor.close();
    }
  }

  @Test
  void anOAuthConnectionIsAuthorizedCheckedAndNeverShowsItsCredentials() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response created = acme.api().post("/api/v1/connections", EXACT);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();
    assertThat(id).startsWith("con_");
    assertThat(created.body().path("status").asString()).isEqualTo("authorization_required");
    assertThat(created.toString()).doesNotContain(LoopbackVendor.CLIENT_SECRET);
    assertThat(acme.api().post("/api/v1/connections/" + id + "/check", "").status()).isEqualTo(409);

    ApiClient.Response redirect = acme.api().get("/api/v1/connections/" + id + "/authorize");
    assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
    URI location = URI.create(redirect.header("Location"));
    assertThat(location.toString()).startsWith(vendor.baseUrl() + "/oauth/authorize?");
    var query = UriComponentsBuilder.fromUri(location).build().getQueryParams();
    assertThat(query.getFirst("response_type")).isEqualTo("code");
    assertThat(query.getFirst("client_id")).isEqualTo(LoopbackVendor.CLIENT_ID);
    assertThat(query.getFirst("scope")).isEqualTo("crm");
    String state = query.getFirst("state");
    String redirectUri = decode(query.getFirst("redirect_uri"));
    assertThat(redirectUri).isEqualTo(hookyard.baseUrl() + "/oauth/callback");

    // the vendor sends the browser back: no API key, only the code and the state
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response wrongState =
        browser.get("/oauth/callback?code=" + LoopbackVendor.CODE + "&state=forged");
    assertThat(wrongState.status()).isEqualTo(400);
    assertThat(wrongState.body().path("error").path("code").asString()).isEqualTo("invalid_state");
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + LoopbackVendor.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.body().path("status").asString()).isEqualTo("connected");
    LoopbackVendor.Request exchange =
        vendor.received().stream().filter(r -> r.path().equals("/oauth/token")).findFirst().get();
    assertThat(exchange.form())
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("redirect_uri", redirectUri)
        .containsEntry("client_secret", LoopbackVendor.CLIENT_SECRET);
    assertThat(browser.get("/oauth/callback?code=x&state=" + state).status())
        .as("a state works once")
        .isEqualTo(400);

    ApiClient.Response checked = acme.api().post("/api/v1/connections/" + id + "/check", "");
    assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
    assertThat(checked.body().path("status").asString()).isEqualTo("connected");
    assertThat(checked.body().path("checked_at").asString()).isNotBlank();
    assertThat(vendor.received())
        .anySatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/api/v1/current/Me");
              assertThat(r.headers().get("authorization"))
                  .isEqualTo("Bearer " + LoopbackVendor.ISSUED_TOKEN);
            });

    JsonNode read = acme.api().get("/api/v1/connections/" + id).body();
    assertThat(read.path("vendor").asString()).isEqualTo("exact-online");
    assertThat(read.path("settings").path("division").asInt()).isEqualTo(123);
    assertThat(read.path("status").asString()).isEqualTo("connected");
    assertThat(read.has("auth")).isFalse();
    String everything = read + acme.api().get("/api/v1/connections").body().toString();
    assertThat(everything)
        .doesNotContain(
            LoopbackVendor.CLIENT_SECRET, LoopbackVendor.ISSUED_TOKEN, "refresh-1", "client-1");

    JsonNode audit = acme.api().get("/api/v1/audit").body().path("data");
    List<String> actions = new ArrayList<>();
    audit.forEach(e -> actions.add(e.path("action").asString()));
    assertThat(actions).contains("connection.created", "connection.authorized");
  }

  @Test
  void anExpiredAccessTokenIsRefreshedBeforeTheCheck() {
    Tenant acme = Tenants.create(hookyard, "Refresh");
    String id = acme.api().post("/api/v1/connections", EXACT).body().path("id").asString();
    vendor.issueTokensValidFor(5); // within the 30 s margin: expired for every purpose
    authorize(acme, id);
    vendor.acceptToken(LoopbackVendor.REFRESHED_TOKEN);
    JsonNode checked = acme.api().post("/api/v1/connections/" + id + "/check", "").body();
    assertThat(checked.path("status").asString()).as(checked.toString()).isEqualTo("connected");
    assertThat(vendor.received())
        .anySatisfy(
            r ->
                assertThat(r.form())
                    .containsEntry("grant_type", "refresh_token")
                    .containsEntry("refresh_token", "refresh-1"));
  }

  @Test
  void credentialsAreSealedAtRestUnderTheSourcesKey() throws SQLException, IOException {
    Tenant acme = Tenants.create(hookyard, "Sealed");
    String id = acme.api().post("/api/v1/connections", EXACT).body().path("id").asString();
    String key = Files.readString(hookyard.dataDir().resolve("encryption.key")).trim();
    String keyId = io.hookyard.schemas.crypto.SecretBox.fromBase64(key).keyId();
    try (Connection db =
            DriverManager.getConnection(
                hookyard.property("hookyard.r2dbc.url").replace("r2dbc:", "jdbc:"),
                "postgres",
                "postgres");
        var query = db.prepareStatement("select credentials::text from connections where id = ?")) {
      query.setString(1, id);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        String stored = row.getString(1);
        assertThat(stored).contains("\"key_id\": \"" + keyId + "\"").contains("ciphertext");
        assertThat(stored).doesNotContain(LoopbackVendor.CLIENT_SECRET, LoopbackVendor.CLIENT_ID);
      }
    }
  }

  @Test
  void aTokenConnectionIsCheckedAgainstTheVendorAndShowsWhyItFailed() {
    Tenant acme = Tenants.create(hookyard, "Tokens");
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"pipedrive\",\"auth\":{\"access_token\":\"tok-good\"},\"settings\":{\"company_domain\":\"acme\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body().path("status").asString()).isEqualTo("unchecked");
    String id = created.body().path("id").asString();
    assertThat(acme.api().get("/api/v1/connections/" + id + "/authorize").status()).isEqualTo(409);

    vendor.acceptToken("tok-other");
    JsonNode failed = acme.api().post("/api/v1/connections/" + id + "/check", "").body();
    assertThat(failed.path("status").asString()).isEqualTo("failed");
    assertThat(failed.path("last_error").asString()).contains("401").doesNotContain("tok-good");

    ApiClient.Response patched =
        acme.api()
            .patch(
                "/api/v1/connections/" + id,
                "{\"name\":\"crm\",\"auth\":{\"access_token\":\"tok-other\"}}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().path("status").asString()).isEqualTo("unchecked");
    assertThat(patched.body().path("last_error").isNull()).isTrue();
    JsonNode passed = acme.api().post("/api/v1/connections/" + id + "/check", "").body();
    assertThat(passed.path("status").asString()).isEqualTo("connected");
    assertThat(acme.api().get("/api/v1/connections/" + id).body().path("name").asString())
        .isEqualTo("crm");

    assertThat(acme.api().delete("/api/v1/connections/" + id).status()).isEqualTo(204);
    assertThat(acme.api().get("/api/v1/connections/" + id).status()).isEqualTo(404);
    assertThat(acme.api().delete("/api/v1/connections/" + id).status()).isEqualTo(404);
  }

  @Test
  void badConnectionsAreRefusedNamingTheFieldAndNothingIsStored() {
    Tenant acme = Tenants.create(hookyard, "Strict");
    assertRefused(acme, "{\"vendor\":\"nope\",\"auth\":{\"access_token\":\"t\"}}", "vendor");
    assertRefused(acme, "{\"vendor\":\"exact-online\",\"settings\":{\"division\":1}}", "auth");
    assertRefused(
        acme,
        "{\"vendor\":\"exact-online\",\"auth\":{\"client_id\":\"a\",\"client_secret\":\"b\"}}",
        "settings.division");
    assertRefused(
        acme,
        "{\"vendor\":\"exact-online\",\"settings\":{\"division\":\"x\"},"
            + "\"auth\":{\"client_id\":\"a\",\"client_secret\":\"b\"}}",
        "settings.division");
    assertRefused(
        acme,
        "{\"vendor\":\"exact-online\",\"settings\":{\"division\":1},\"auth\":{\"client_id\":\"a\"}}",
        "auth.client_secret");
    assertRefused(acme, "{\"vendor\":\"exact-online\",\"auth\":{\"access_token\":\"t\"}}", "auth");
    assertRefused(
        acme,
        "{\"vendor\":\"pipedrive\",\"auth\":{\"access_token\":\"t\",\"pw\":\"x\"},\"settings\":{\"company_domain\":\"acme\"}}",
        "auth.pw");
    assertThat(acme.api().get("/api/v1/connections").body().path("data")).isEmpty();

    String id = acme.api().post("/api/v1/connections", EXACT).body().path("id").asString();
    ApiClient.Response badPatch =
        acme.api().patch("/api/v1/connections/" + id, "{\"settings\":{\"division\":null}}");
    assertThat(badPatch.status()).isEqualTo(422);
    assertThat(badPatch.errorField()).isEqualTo("settings.division");
    assertThat(
            acme.api()
                .get("/api/v1/connections/" + id)
                .body()
                .path("settings")
                .path("division")
                .asInt())
        .isEqualTo(123);
  }

  @Test
  void connectionsArePagedNewestFirst() {
    Tenant acme = Tenants.create(hookyard, "Many");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(acme.api().post("/api/v1/connections", EXACT).body().path("id").asString());
    }
    JsonNode first = acme.api().get("/api/v1/connections?limit=2").body();
    assertThat(first.path("data")).hasSize(2);
    assertThat(first.path("data").get(0).path("id").asString()).isEqualTo(ids.get(2));
    JsonNode second =
        acme.api()
            .get("/api/v1/connections?limit=2&cursor=" + first.path("next_cursor").asString())
            .body();
    assertThat(second.path("data")).hasSize(1);
    assertThat(second.path("data").get(0).path("id").asString()).isEqualTo(ids.get(0));
    assertThat(second.path("next_cursor").isNull()).isTrue();
  }

  private static void assertRefused(Tenant tenant, String body, String field) {
    ApiClient.Response refused = tenant.api().post("/api/v1/connections", body);
    assertThat(refused.status()).as(body + " → " + refused).isEqualTo(422);
    assertThat(refused.errorField()).as(body).isEqualTo(field);
  }

  private static String decode(String value) {
    return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Runs the authorization-code flow as a browser would, up to the connected callback. */
  private void authorize(Tenant tenant, String id) {
    ApiClient.Response redirect = tenant.api().get("/api/v1/connections/" + id + "/authorize");
    assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
    String state =
        UriComponentsBuilder.fromUri(URI.create(redirect.header("Location")))
            .build()
            .getQueryParams()
            .getFirst("state");
    ApiClient.Response done =
        new ApiClient(hookyard.baseUrl(), null)
            .get("/oauth/callback?code=" + LoopbackVendor.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
  }
}
