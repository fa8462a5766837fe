package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.Browser;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.vendor.salesforce.SalesforceFake;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the console's browser tests have in common: the one embedded Hookyard they all share ({@link
 * SharedHookyard}: each test makes its own tenant and counts nothing of the others), a headless
 * Chromium per class (skipped when Chromium is absent), the Salesforce fake on the port the shared
 * app calls, and the steps several tests take. Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleBrowserTest {
  static final Duration DELIVERY = Duration.ofSeconds(60);

  RunningHookyard hookyard;
  Browser browser;
  SalesforceFake salesforce;

  @BeforeAll
  void open() {
    Browser.assumeAvailable();
    hookyard = SharedHookyard.get();
    salesforce = new SalesforceFake(SharedHookyard.port(SharedHookyard.Vendor.SALESFORCE));
    browser = Browser.open(hookyard.baseUrl());
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (salesforce != null) {
      salesforce.close();
    }
  }

  static String salesforceConnection(Tenants.Tenant tenant) {
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
  static String authorizeUrl(Tenants.Tenant tenant, String id, String returnTo) {
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
  ApiClient.Response callback(String authorizeUrl, String code) {
    String state =
        UriComponentsBuilder.fromUriString(authorizeUrl).build().getQueryParams().getFirst("state");
    assertThat(authorizeUrl).startsWith(salesforce.baseUrl() + "/services/oauth2/authorize");
    return new ApiClient(hookyard.baseUrl(), null)
        .get("/oauth/callback?code=" + code + "&state=" + state);
  }

  static String endpoint(ApiClient api, String description) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"http://127.0.0.1:9/hooks\",\"description\":\"" + description + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** Clicks the page's Refresh button until {@code by} shows up (deliveries are asynchronous). */
  WebElement refreshUntil(By by) {
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
  WebElement reloadUntil(By by) {
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
