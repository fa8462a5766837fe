package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.Browser;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import io.hookyard.schemas.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console in a real browser (headless Chromium) against one embedded Hookyard and real
 * receivers on loopback: what a tenant and the operator do by clicking. Saves screenshots of the
 * main pages under {@code target/screenshots/}. Each test makes its own tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
  private static final Duration DELIVERY = Duration.ofSeconds(60);

  private RunningHookyard hookyard;
  private Browser browser;
  private SalesforceFake salesforce;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    Browser.assumeAvailable();
    salesforce = new SalesforceFake();
    String sf = "--hookyard.connections.vendors.salesforce.";
    hookyard =
        RunningHookyard.start(
            dataDir,
            sf + "token-url=" + salesforce.baseUrl() + "/services/oauth2/token",
            sf + "authorize-url=" + salesforce.baseUrl() + "/services/oauth2/authorize");
    browser = Browser.open(hookyard.baseUrl());
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (hookyard != null) {
      hookyard.close();
    }
    if (salesforce != null) {
      salesforce.close();
    }
  }

  @Test
  void aTenantAddsTestsReplaysAndRotatesByClicking() throws Exception {
    Tenants.Tenant acme = Tenants.create(hookyard, "Acme");
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      browser.signIn(acme.api().key());
      browser.link("Add endpoint").click();
      browser.type("url", receiver.url());
      browser.type("description", "Billing system");
      browser.type("retry_schedule", "");
      browser.type("filter", "data.amount >");
      browser.button("Create endpoint").click();
      assertThat(browser.waitFor(By.id("f-filter-error")).getText()).contains("JSONata");

      browser.type("filter", "");
      browser.button("Create endpoint").click();
      String firstSecret = browser.waitFor(By.className("secret-value")).getText();
      assertThat(firstSecret).startsWith("whsec_");
      browser.screenshot("endpoint-created");
      browser.link("Open the endpoint").click();
      String id = browser.waitFor(By.cssSelector(".facts code")).getText();

      browser.button("Send test event").click();
      browser.link("See its attempts").click();
      WebElement ok = refreshUntil(By.cssSelector("tr.attempt.succeeded"));
      assertThat(ok.getText()).contains("200");
      browser.screenshot("attempts");

      receiver.thenAnswer(500);
      browser.go("#/endpoints/" + id);
      browser.button("Send test event").click();
      browser.link("See its attempts").click();
      WebElement failed = refreshUntil(By.cssSelector("tr.attempt.failed"));
      failed.findElement(By.tagName("summary")).click();
      assertThat(failed.getText()).contains("500").contains("status 500");

      receiver.thenAnswer(200);
      browser.go("#/dead-letters?endpoint_id=" + id);
      WebElement dead = reloadUntil(By.cssSelector("tbody tr"));
      browser.screenshot("dead-letters");
      dead.findElement(By.xpath(".//button[normalize-space()='Replay']")).click();
      browser.waitFor(By.xpath("//*[contains(text(),'sent again')]"));
      await()
          .atMost(DELIVERY)
          .until(
              () -> receiver.received().stream().filter(got -> got.status() == 200).count() == 2);
      browser.go("#/endpoints/" + id + "/attempts?status=succeeded");
      await()
          .atMost(DELIVERY)
          .untilAsserted(
              () -> {
                browser.button("Refresh").click();
                assertThat(browser.all(By.cssSelector("tr.attempt.succeeded"))).hasSize(2);
              });

      browser.go("#/endpoints/" + id);
      browser.button("Rotate secret").click();
      browser.button("Yes, rotate secret").click();
      String secondSecret = browser.waitFor(By.className("secret-value")).getText();
      assertThat(secondSecret).startsWith("whsec_").isNotEqualTo(firstSecret);
      browser.screenshot("endpoint");

      ApiClient.Response stats =
          acme.api().get("/api/v1/stats/deliveries?window=1h&endpoint_id=" + id);
      assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
      assertThat(stats.body().path("totals").path("succeeded").asLong()).isEqualTo(2);
      assertThat(stats.body().path("totals").path("failed").asLong()).isEqualTo(1);
      assertThat(stats.body().path("totals").path("p99_ms").isNumber()).isTrue();
      assertThat(acme.api().get("/api/v1/stats/deliveries?window=7d").status()).isEqualTo(400);
      WebElement summary = browser.waitFor(By.className("chart-summary"));
      assertThat(summary.getText()).contains("2 delivered, 1 failed");
      assertThat(browser.all(By.cssSelector("svg.chart-svg g.bar rect.bad"))).isNotEmpty();
      browser.script("document.querySelector('.charts').scrollIntoView()");
      browser.screenshot("charts");
      browser.go("#/endpoints");
      browser.waitFor(By.cssSelector("tr[data-id='" + id + "']"));
      browser.screenshot("endpoints");
    }
  }

  @Test
  void whatATenantWroteIsShownAsTextAndNeverRuns() throws Exception {
    Tenants.Tenant mallory = Tenants.create(hookyard, "Mallory");
    String description =
        "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">";
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient.Response created =
          mallory
              .api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\":\""
                      + receiver.url()
                      + "\",\"description\":"
                      + Json.writeString(description)
                      + "}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.body().path("id").asString();

      browser.signIn(mallory.api().key());
      WebElement row = browser.waitFor(By.cssSelector("tr[data-id='" + id + "']"));
      browser.driver().manage().window().setSize(new Dimension(390, 844));
      browser.driver().navigate().refresh();
      browser.waitFor(By.cssSelector("tr[data-id='" + id + "']"));
      assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
          .as("a phone-sized screen needs no sideways scrolling of the page")
          .isEqualTo(true);
      browser.screenshot("endpoints-phone");
      browser.driver().manage().window().setSize(new Dimension(1280, 900));
      browser.driver().navigate().refresh();
      row = browser.waitFor(By.cssSelector("tr[data-id='" + id + "']"));
      assertThat(row.getText()).contains(description);
      browser.go("#/endpoints/" + id);
      assertThat(browser.waitFor(By.cssSelector(".facts .description")).getText())
          .isEqualTo(description);
      assertThat(browser.all(By.cssSelector("main script, main img"))).isEmpty();
      assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    }
  }

  @Test
  void theOperatorSeesAFailingEndpointOfATenantOnTheHealthPage() throws Exception {
    Tenants.Tenant globex = Tenants.create(hookyard, "Globex");
    try (ScriptedReceiver receiver = new ScriptedReceiver().thenAnswer(500)) {
      ApiClient.Response created =
          globex
              .api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\":\"" + receiver.url() + "\",\"retry_schedule\":[]}");
      String id = created.body().path("id").asString();
      assertThat(globex.api().post("/api/v1/endpoints/" + id + "/test", "{}").status())
          .isEqualTo(202);
      await()
          .atMost(DELIVERY)
          .until(
              () ->
                  "failing"
                      .equals(
                          globex
                              .api()
                              .get("/api/v1/endpoints/" + id + "/health")
                              .body()
                              .path("status")
                              .asString()));

      browser.signIn(hookyard.operatorKey());
      WebElement card = browser.waitFor(By.cssSelector("article[data-id='" + globex.id() + "']"));
      assertThat(card.getText()).contains("Globex").contains("attention");
      WebElement problem = card.findElement(By.cssSelector("tr[data-id='" + id + "']"));
      assertThat(problem.getText()).contains("failing").contains(receiver.url());
      browser.screenshot("health");
      browser.link("Tenants").click();
      browser.waitFor(By.cssSelector("tr[data-id='" + globex.id() + "'] a")).click();
      browser.waitFor(By.name("integration-hubspot")).click();
      browser.button("Save tenant").click();
      browser.waitFor(By.xpath("//*[normalize-space()='Saved.']"));
      assertThat(
              hookyard
                  .operator()
                  .get("/api/v1/tenants/" + globex.id())
                  .body()
                  .path("integrations")
                  .path("hubspot")
                  .asBoolean(true))
          .isFalse();
      browser.link("← tenants").click();
      browser.waitFor(By.cssSelector("tr[data-id='" + globex.id() + "']"));
      browser.screenshot("tenants");
    }
  }

  @Test
  void everyTenantPageOpensFromTheMenuAndAKeyIsShownOnceAndRevoked() {
    Tenants.Tenant hooli = Tenants.create(hookyard, "Hooli");
    ApiClient.Response source =
        hooli
            .api()
            .post(
                "/api/v1/sources",
                "{\"type\":\"stripe\",\"name\":\"Payments\",\"secret\":\"whsec_dGVzdHRlc3R0ZXN0\"}");
    assertThat(source.status()).as(source.toString()).isEqualTo(201);
    String sourceId = source.body().path("id").asString();

    browser.signIn(hooli.api().key());
    for (String page :
        List.of(
            "Dead letters",
            "Sources",
            "Connections",
            "Event catalog",
            "Send event",
            "API keys",
            "Audit log",
            "Endpoints")) {
      browser.link(page).click();
      browser.waitFor(By.xpath("//h1[normalize-space()='" + page + "']"));
      assertThat(browser.all(By.cssSelector("main .error"))).as(page).isEmpty();
    }

    browser.go("#/sources");
    assertThat(browser.waitFor(By.cssSelector("tr[data-id='" + sourceId + "']")).getText())
        .contains(hookyard.baseUrl() + "/in/" + sourceId)
        .contains("Copy");
    browser.go("#/event-types");
    browser.waitFor(By.cssSelector("details[data-id='invoice.paid']"));

    browser.go("#/api-keys");
    browser.type("name", "ci");
    browser.button("Create key").click();
    String key = browser.waitFor(By.className("secret-value")).getText();
    assertThat(key).startsWith("hk_");
    ApiClient withKey = hooli.api().as(key);
    assertThat(withKey.get("/api/v1/endpoints").status()).isEqualTo(200);
    browser
        .waitFor(By.xpath("//tr[td[normalize-space()='ci']]//button[normalize-space()='Revoke']"))
        .click();
    browser.button("Yes, revoke").click();
    await().atMost(DELIVERY).until(() -> withKey.get("/api/v1/endpoints").status() == 401);
    browser.go("#/audit");
    assertThat(browser.waitFor(By.tagName("table")).getText()).contains("api_key.revoked");
  }

  @Test
  void aTenantSendsAnEventByClickingAndASchemaErrorShowsAtTheData() throws Exception {
    Tenants.Tenant globex = Tenants.create(hookyard, "Globex");
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient.Response endpoint =
          globex
              .api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"invoice.paid\"]}");
      assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);

      browser.signIn(globex.api().key());
      browser.link("Send event").click();
      browser.waitFor(By.xpath("//h1[normalize-space()='Send event']"));
      new Select(browser.waitFor(By.name("type"))).selectByValue("invoice.paid");
      assertThat(browser.waitFor(By.name("data")).getAttribute("value")).contains("\"amount\"");
      browser.type("subject", "inv_42");
      browser.button("Send event").click();
      assertThat(browser.waitFor(By.className("event-id")).getText()).startsWith("evt_");
      await().atMost(DELIVERY).until(() -> !receiver.received().isEmpty());
      assertThat(receiver.received().get(0).body()).contains("\"invoice.paid\"").contains("inv_42");

      browser.type("data", "{\"id\": \"inv_43\", \"customer_id\": \"cus_9\"}");
      browser.button("Send event").click();
      WebElement error = browser.waitFor(By.cssSelector(".field[data-field='data'] .field-error"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !error.getText().isBlank());
      assertThat(error.getText()).contains("amount");
      browser.screenshot("console-send-event");
    }
  }

  @Test
  void aPortalLinkShowsOnlyItsEndpointAndStopsWorkingWhenItExpires() {
    Tenants.Tenant initech = Tenants.create(hookyard, "Initech");
    String mine = endpoint(initech.api(), "Customer One");
    String theirs = endpoint(initech.api(), "Customer Two");
    browser.signIn(initech.api().key());
    browser.go("#/endpoints/" + mine);
    browser.button("Customer portal link").click();
    String offered = browser.waitFor(By.className("portal-url")).getText();
    assertThat(offered).startsWith(hookyard.baseUrl() + "/portal/pts_").contains("#hkp_");

    ApiClient.Response session =
        initech
            .api()
            .post(
                "/api/v1/portal-sessions",
                "{\"endpoint_ids\":[\"" + mine + "\"],\"expires_in\":\"PT15S\"}");
    assertThat(session.status()).as(session.toString()).isEqualTo(201);

    browser.driver().get(session.body().path("url").asString());
    WebElement row = browser.waitFor(By.cssSelector("tr[data-id='" + mine + "']"));
    assertThat(row.getText()).contains("Customer One");
    assertThat(browser.text()).doesNotContain("Customer Two").doesNotContain(theirs);
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("hkp_");
    browser.screenshot("portal");
    row.findElement(By.tagName("a")).click();
    browser.button("Send test event");
    assertThat(browser.all(By.xpath("//button[normalize-space()='Delete']"))).isEmpty();

    await()
        .atMost(DELIVERY)
        .ignoreExceptions()
        .until(
            () -> {
              browser.driver().navigate().refresh();
              return browser
                  .waitFor(
                      By.xpath("//h1[normalize-space()='This link no longer works']"),
                      Duration.ofSeconds(3))
                  .isDisplayed();
            });
  }

  @Test
  void aTenantConnectsSalesforceAndManagesASyncByClicking() {
    Tenants.Tenant umbrella = Tenants.create(hookyard, "Umbrella");
    salesforce.create("Account", Map.of("Name", "Umbrella Corp"));
    browser.signIn(umbrella.api().key());
    browser.link("Connections").click();
    new Select(browser.waitFor(By.name("vendor"))).selectByValue("salesforce");
    browser.button("Create connection").click();
    assertThat(browser.waitFor(By.cssSelector(".connection-form .form-error")).getText())
        .contains("client_id");
    browser.type("auth.client_id", SalesforceFake.CLIENT_ID);
    browser.type("auth.client_secret", SalesforceFake.CLIENT_SECRET);
    browser.button("Create connection").click();
    // the vendor's consent page answers at once and its callback brings the browser back
    browser.waitFor(By.xpath("//*[normalize-space()='salesforce connected.']"));
    assertThat(browser.driver().getCurrentUrl()).contains("/console#/connections");
    WebElement row = browser.waitFor(By.cssSelector("tbody tr[data-id]"));
    String connection = row.getAttribute("data-id");
    assertThat(row.getText()).contains("connected");
    assertThat(umbrella.api().get("/api/v1/connections/" + connection).body().path("status"))
        .hasToString("\"connected\"");

    browser.link("Syncs").click();
    browser.type("entity", "Widgets");
    browser.button("Create sync").click();
    assertThat(browser.waitFor(By.id("f-entity-error")).getText()).contains("Account");
    browser.type("entity", "Account");
    browser.type("interval", "PT10S");
    browser.type("since", "1970-01-01T00:00:00Z");
    browser.type("settings", "{nope");
    browser.button("Create sync").click();
    assertThat(browser.waitFor(By.id("f-settings-error")).getText()).contains("JSON object");
    browser.type("settings", "");
    browser.button("Create sync").click();
    browser.waitFor(By.xpath("//*[contains(text(),'created: Account every PT10S')]"));
    WebElement sync = browser.waitFor(By.cssSelector("tr.sync[data-id]"));
    String id = sync.getAttribute("data-id");
    ApiClient.Response all = umbrella.api().get("/api/v1/syncs");
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.body().path("data").get(0).path("id").asString()).isEqualTo(id);
    assertThat(all.body().path("data").get(0).path("vendor").asString()).isEqualTo("salesforce");
    assertThat(Tenants.create(hookyard, "Other").api().get("/api/v1/syncs").body().path("data"))
        .isEmpty();
    sync.findElement(By.tagName("a")).click();
    WebElement run = refreshUntil(By.cssSelector("tr.run.succeeded"));
    assertThat(run.getText()).contains("initial");
    browser.go("#/syncs");
    await()
        .atMost(DELIVERY)
        .ignoreExceptions()
        .until(
            () -> {
              browser.driver().navigate().refresh();
              return browser
                  .waitFor(By.cssSelector("tr[data-id='" + id + "']"))
                  .getText()
                  .contains("scheduled");
            });
    browser.screenshot("syncs");
    browser.button("Pause").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Sync paused.']"));
    assertThat(umbrella.api().get("/api/v1/syncs/" + id).body().path("paused").asBoolean())
        .isTrue();
    browser.button("Resume").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Sync resumed.']"));
    browser.button("Run now").click();
    browser.waitFor(By.xpath("//*[starts-with(normalize-space(),'Run requested')]"));
    browser.go("#/syncs/" + id);
    browser.waitFor(By.cssSelector("tr.run"));
    browser.screenshot("sync");
    browser.button("Delete").click();
    browser.button("Yes, delete").click();
    browser.waitFor(By.xpath("//h1[normalize-space()='Syncs']"));
    assertThat(umbrella.api().get("/api/v1/syncs/" + id).status()).isEqualTo(404);

    browser.link("Sources").click();
    new Select(browser.waitFor(By.name("type"))).selectByValue("github");
    browser.type("name", "Repositories");
    browser.button("Create source").click();
    assertThat(browser.waitFor(By.id("f-secret-error")).getText()).contains("required");
    browser.type("secret", "It's a Secret to Everybody");
    browser.button("Create source").click();
    WebElement created = browser.waitFor(By.xpath("//tr[td[normalize-space()='Repositories']]"));
    String sourceId = created.getAttribute("data-id");
    assertThat(created.getText()).contains(hookyard.baseUrl() + "/in/" + sourceId);
    assertThat(browser.text()).doesNotContain("It's a Secret to Everybody");
    created.findElement(By.xpath(".//button[normalize-space()='Delete']")).click();
    browser.button("Yes, delete").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Source Repositories deleted.']"));
    assertThat(umbrella.api().get("/api/v1/sources/" + sourceId).status()).isEqualTo(404);

    browser.link("Connections").click();
    browser
        .waitFor(
            By.xpath("//tr[@data-id='" + connection + "']//button[normalize-space()='Delete']"))
        .click();
    browser.button("Yes, delete").click();
    browser.waitFor(By.xpath("//*[contains(text(),'deleted.')]"));
    assertThat(umbrella.api().get("/api/v1/connections/" + connection).status()).isEqualTo(404);
  }

  @Test
  void theConsolesAuthorizeRouteAnswersJsonAndTheCallbackSendsTheBrowserBack() {
    Tenants.Tenant wayne = Tenants.create(hookyard, "Wayne");
    String id = salesforceConnection(wayne);
    ApiClient.Response evil =
        wayne
            .api()
            .post(
                "/api/v1/connections/" + id + "/authorize",
                "{\"return_to\":\"//evil.example/console\"}");
    assertThat(evil.status()).as(evil.toString()).isEqualTo(422);
    assertThat(evil.errorField()).isEqualTo("return_to");
    Tenants.Tenant other = Tenants.create(hookyard, "Not Wayne");
    assertThat(other.api().post("/api/v1/connections/" + id + "/authorize", "").status())
        .isEqualTo(404);
    ApiClient.Response token =
        wayne
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"pat-na1-x\"}}");
    assertThat(
            wayne
                .api()
                .post(
                    "/api/v1/connections/" + token.body().path("id").asString() + "/authorize", "")
                .status())
        .isEqualTo(409);

    // without return_to the callback answers JSON, as for the redirecting GET
    ApiClient.Response done = callback(authorizeUrl(wayne, id, null), SalesforceFake.CODE);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.body().path("status").asString()).isEqualTo("connected");

    ApiClient.Response back =
        callback(authorizeUrl(wayne, id, "/console#/connections"), SalesforceFake.CODE);
    assertThat(back.status()).as(back.toString()).isEqualTo(303);
    assertThat(back.header("Location"))
        .isEqualTo("/console#/connections?connection=" + id + "&status=connected");
    ApiClient.Response refused =
        callback(authorizeUrl(wayne, id, "/console#/connections"), "not-the-code");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(303);
    assertThat(refused.header("Location")).endsWith("&status=failed");
    assertThat(wayne.api().get("/api/v1/connections/" + id).body().path("status").asString())
        .isEqualTo("failed");
  }

  @Test
  void theOperatorSeesAFailingConnectionAndItsSyncOnTheHealthPage() {
    Tenants.Tenant stark = Tenants.create(hookyard, "Stark");
    String connection = salesforceConnection(stark);
    ApiClient.Response done = callback(authorizeUrl(stark, connection, null), SalesforceFake.CODE);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    SyncApi syncs = new SyncApi(stark.api());
    String sync =
        syncs.create(connection, "{\"entity\":\"Contact\",\"since\":\"" + Instant.now() + "\"}");
    await().atMost(DELIVERY).until(() -> !syncs.finished(sync).isEmpty());
    assertThat(syncs.finished(sync).get(0).path("status").asString()).isEqualTo("succeeded");
    try {
      // the vendor revokes the session and refuses the refresh: the connection needs the tenant
      salesforce.refuseRefresh(true);
      salesforce.expireTokens();
      stark.api().post("/api/v1/syncs/" + sync + "/run", "");
      await()
          .atMost(DELIVERY)
          .until(
              () -> {
                String health = hookyard.operator().get("/api/v1/integration-health").toString();
                return health.contains(connection) && health.contains(sync);
              });
    } finally {
      salesforce.refuseRefresh(false);
    }

    browser.signIn(hookyard.operatorKey());
    WebElement card = browser.waitFor(By.cssSelector("article[data-id='" + stark.id() + "']"));
    assertThat(card.getText()).contains("Stark").contains("attention");
    assertThat(card.findElement(By.cssSelector("tr[data-id='" + connection + "']")).getText())
        .contains("connection")
        .contains("authorization_required")
        .contains("salesforce");
    assertThat(card.findElement(By.cssSelector("tr[data-id='" + sync + "']")).getText())
        .contains("sync")
        .contains("authorization_required")
        .contains("Contact");
    browser.driver().manage().window().setSize(new Dimension(1280, 1300));
    browser.screenshot("health-integrations");
    browser.driver().manage().window().setSize(new Dimension(1280, 900));
  }

  private static String salesforceConnection(Tenants.Tenant tenant) {
    ApiClient.Response created =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"salesforce\",\"auth\":{\"client_id\":\""
                    + SalesforceFake.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + SalesforceFake.CLIENT_SECRET
                    + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** POST …/authorize, as the console calls it: the vendor URL, with its state. */
  private static String authorizeUrl(Tenants.Tenant tenant, String id, String returnTo) {
    ApiClient.Response started =
        tenant
            .api()
            .post(
                "/api/v1/connections/" + id + "/authorize",
                returnTo == null ? "" : "{\"return_to\":\"" + returnTo + "\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    assertThat(started.body().path("expires_at").isString()).isTrue();
    return started.body().path("authorize_url").asString();
  }

  /** What the vendor's consent page does: back to the callback with a code and the state. */
  private ApiClient.Response callback(String authorizeUrl, String code) {
    String state =
        UriComponentsBuilder.fromUriString(authorizeUrl).build().getQueryParams().getFirst("state");
    assertThat(authorizeUrl).startsWith(salesforce.baseUrl() + "/services/oauth2/authorize");
    return new ApiClient(hookyard.baseUrl(), null)
        .get("/oauth/callback?code=" + code + "&state=" + state);
  }

  private static String endpoint(ApiClient api, String description) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"http://127.0.0.1:9/hooks\",\"description\":\"" + description + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** Clicks the page's Refresh button until {@code by} shows up (deliveries are asynchronous). */
  private WebElement refreshUntil(By by) {
    return await()
        .atMost(DELIVERY)
        .ignoreExceptions()
        .until(
            () -> {
              browser.button("Refresh").click();
              return browser.waitFor(by, Duration.ofSeconds(3));
            },
            found -> found != null);
  }

  /** Reloads the page until {@code by} shows up. */
  private WebElement reloadUntil(By by) {
    return await()
        .atMost(DELIVERY)
        .ignoreExceptions()
        .until(
            () -> {
              browser.driver().navigate().refresh();
              return browser.waitFor(by, Duration.ofSeconds(3));
            },
            found -> found != null);
  }
}
