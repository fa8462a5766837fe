package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.SyncRunTopic;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The operator's console in a real browser against the shared embedded Hookyard: the integration
 * health of every tenant (a failing endpoint, a failing connection and its sync), tenants and their
 * switches; and that every tenant page opens from the menu.
 */
@SharedHookyard.Sharing
class ConsoleOperatorIT extends ConsoleBrowserTest {
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
  void theOperatorSeesAFailingConnectionAndItsSyncOnTheHealthPage() {
    Tenants.Tenant stark = Tenants.create(hookyard, "Stark");
    String connection = salesforceConnection(stark);
    ApiClient.Response done = callback(authorizeUrl(stark, connection, null), SalesforceFake.CODE);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    String sync =
        new SyncApi(stark.api())
            .create(connection, "{\"entity\":\"Contact\",\"since\":\"" + Instant.now() + "\"}");
    // the vendor refuses a new consent, and the engine (none runs in the shared app: this test
    // reports its run as the engine would) finds the session revoked
    callback(authorizeUrl(stark, connection, null), "not-the-code");
    try (SyncRunTopic runs =
        new SyncRunTopic(hookyard.kafkaBootstrapServers(), stark.id(), connection, sync)) {
      runs.run(Instant.now(), SyncRun.FAILED, 0, "refresh refused", "authorization_required");
    }
    await()
        .atMost(DELIVERY)
        .until(
            () -> {
              String health = hookyard.operator().get("/api/v1/integration-health").toString();
              return health.contains(connection) && health.contains(sync);
            });

    browser.signIn(hookyard.operatorKey());
    WebElement card = browser.waitFor(By.cssSelector("article[data-id='" + stark.id() + "']"));
    assertThat(card.getText()).contains("Stark").contains("attention");
    assertThat(card.findElement(By.cssSelector("tr[data-id='" + connection + "']")).getText())
        .contains("connection")
        .contains("failed")
        .contains("salesforce");
    assertThat(card.findElement(By.cssSelector("tr[data-id='" + sync + "']")).getText())
        .contains("sync")
        .contains("authorization_required")
        .contains("Contact");
    browser.driver().manage().window().setSize(new Dimension(1280, 1300));
    browser.screenshot("health-integrations");
    browser.driver().manage().window().setSize(new Dimension(1280, 900));
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
}
