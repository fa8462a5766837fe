package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium) against the shared embedded Hookyard and real
 * receivers on loopback: what a tenant does to its endpoints by clicking, that what tenants wrote
 * renders as text, and the customer portal. The operator's pages are in {@link ConsoleOperatorIT},
 * connections and syncs in {@link ConsoleVendorsIT}, the edit and mapping forms in {@link
 * ConsoleEditIT}.
 */
@SharedHookyard.Sharing
class ConsoleIT extends ConsoleBrowserTest {
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
}
