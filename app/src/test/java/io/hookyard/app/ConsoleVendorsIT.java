package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.SyncRunTopic;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Connections and syncs in the console, in a real browser against the shared embedded Hookyard and
 * the Salesforce fake: connect by OAuth, create, pause, resume and delete a sync, add and delete a
 * source; and the authorize route and callback the console relies on.
 */
@SharedHookyard.Sharing
class ConsoleVendorsIT extends ConsoleBrowserTest {
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
    // no sync engine runs in the shared app: the run is reported as the engine reports one
    try (SyncRunTopic runs =
        new SyncRunTopic(hookyard.kafkaBootstrapServers(), umbrella.id(), connection, id)) {
      runs.run(Instant.now(), SyncRun.SUCCEEDED, 1, null, "scheduled");
    }
    sync.findElement(By.tagName("a")).click();
    WebElement run = refreshUntil(By.cssSelector("tr.run.succeeded"));
    assertThat(run.getText()).contains("incremental");
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
}
