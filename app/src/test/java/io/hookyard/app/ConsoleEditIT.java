package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The console's edit forms and field-mapping pages in a real browser against the shared embedded
 * Hookyard: a sync's schedule, a connection's name, settings and credentials (written, never shown
 * back), and the JSONata mapping of a source and of a sync with the API's compile error at the
 * field.
 */
@SharedHookyard.Sharing
class ConsoleEditIT extends ConsoleBrowserTest {
  private static final String FIRST_TOKEN = "pat-na1-first-0d9f1c";
  private static final String SECOND_TOKEN = "pat-na1-second-7a2e44";

  @Test
  void aTenantEditsASyncsScheduleAndAConnectionWhoseCredentialsAreNeverShownBack() {
    Tenants.Tenant acme = Tenants.create(hookyard, "Edits");
    String connection = hubspot(acme);
    String sync = sync(acme, connection);
    browser.signIn(acme.api().key());

    browser.go("#/syncs/" + sync);
    browser.waitFor(By.xpath("//summary[normalize-space()='Edit']")).click();
    browser.type("interval", "PT5S");
    browser.button("Save changes").click();
    assertThat(browser.waitFor(By.id("f-interval-error")).getText()).contains("at least");
    browser.type("interval", "PT30M");
    browser.button("Save changes").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Sync saved.']"));
    assertThat(acme.api().get("/api/v1/syncs/" + sync).body().path("interval").asString())
        .isEqualTo("PT30M");
    assertThat(browser.text()).contains("PT30M");

    browser.go("#/connections");
    browser.waitFor(By.cssSelector("tr[data-id='" + connection + "'] a")).click();
    assertThat(browser.waitFor(By.className("credentials-state")).getText()).contains("set");
    assertThat(browser.text()).contains("never shown").doesNotContain(FIRST_TOKEN);
    browser.type("settings", "{\"Bad Key\": 1}");
    browser.button("Save changes").click();
    assertThat(browser.waitFor(By.id("f-settings-error")).getText()).contains("snake_case");
    browser.type("settings", "");
    browser.type("name", "CRM");
    browser.type("auth.access_token", SECOND_TOKEN);
    browser.button("Save changes").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Connection saved.']"));
    assertThat(browser.text()).contains("hubspot (CRM)").doesNotContain(SECOND_TOKEN);
    assertThat(browser.waitFor(By.name("auth.access_token")).getAttribute("value")).isEmpty();
    assertThat(browser.script("return document.documentElement.outerHTML.includes('pat-na1-')"))
        .as("no credential anywhere in the page")
        .isEqualTo(false);
    ApiClient.Response saved = acme.api().get("/api/v1/connections/" + connection);
    assertThat(saved.body().path("name").asString()).isEqualTo("CRM");
    assertThat(saved.body().path("status").asString())
        .as("new credentials are tried afresh")
        .isEqualTo("unchecked");
    assertThat(saved.toString()).doesNotContain(SECOND_TOKEN);
    browser.screenshot("connection-edit");
  }

  @Test
  void aTenantSavesRefusesAndRemovesTheFieldMappingOfASourceAndOfASync() {
    Tenants.Tenant acme = Tenants.create(hookyard, "Mappings");
    ApiClient.Response source =
        acme.api()
            .post(
                "/api/v1/sources",
                "{\"type\":\"stripe\",\"name\":\"Payments\",\"secret\":\"whsec_dGVzdHRlc3R0ZXN0\"}");
    assertThat(source.status()).as(source.toString()).isEqualTo(201);
    String sourceId = source.body().path("id").asString();
    browser.signIn(acme.api().key());

    browser.go("#/sources");
    browser.waitFor(By.xpath("//a[normalize-space()='Payments']")).click();
    assertThat(browser.waitFor(By.className("mapping-state")).getText()).contains("No mapping");
    String good = "$merge([$, {\"tier\": \"gold\"}])";
    badThenGoodMapping(acme, "/api/v1/sources/" + sourceId + "/mapping", "$merge([$, {", good);
    assertThat(browser.waitFor(By.name("expression")).getAttribute("value")).isEqualTo(good);
    browser.screenshot("source-mapping");
    browser.button("Remove mapping").click();
    browser.button("Yes, remove mapping").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Mapping removed.']"));
    assertThat(acme.api().get("/api/v1/sources/" + sourceId + "/mapping").status()).isEqualTo(404);

    String sync = sync(acme, hubspot(acme));
    browser.go("#/syncs/" + sync);
    badThenGoodMapping(acme, "/api/v1/syncs/" + sync + "/mapping", "{ nope", good);
    browser.screenshot("sync-mapping");
  }

  /**
   * A mapping that does not compile shows its error inline; a good one is saved through the API.
   */
  private void badThenGoodMapping(Tenants.Tenant tenant, String path, String bad, String good) {
    browser.type("expression", bad);
    browser.button("Save mapping").click();
    assertThat(browser.waitFor(By.id("f-expression-error")).getText()).contains("JSONata");
    browser.type("expression", good);
    browser.button("Save mapping").click();
    browser.waitFor(By.xpath("//*[normalize-space()='Mapping saved.']"));
    assertThat(tenant.api().get(path).body().path("expression").asString()).isEqualTo(good);
  }

  private static String hubspot(Tenants.Tenant tenant) {
    ApiClient.Response created =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"" + FIRST_TOKEN + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  private static String sync(Tenants.Tenant tenant, String connection) {
    ApiClient.Response created =
        tenant
            .api()
            .post("/api/v1/connections/" + connection + "/syncs", "{\"entity\":\"contacts\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }
}
