package io.hookyard.app.support.vendor.exactonline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Exact Online connections for ITs: the settings that point Hookyard at the fake, the OAuth flow.
 */
public final class ExactConnections {
  private ExactConnections() {}

  /** Settings that send every Exact Online call (API, token, authorize) to {@code fake}. */
  public static List<String> settings(ExactOnlineFake fake) {
    String e = "--hookyard.connections.vendors.exact-online.";
    List<String> settings = new ArrayList<>();
    settings.add(e + "base-url=" + fake.baseUrl());
    settings.add(e + "token-url=" + fake.baseUrl() + "/api/oauth2/token");
    settings.add(e + "authorize-url=" + fake.baseUrl() + "/api/oauth2/auth");
    return settings;
  }

  /**
   * An Exact Online connection of the fake's division, authorized through the browser flow; {@code
   * extraSettings} is more of the connection's settings JSON (e.g. {@code
   * ,"requests_per_10s":110}).
   */
  public static String authorized(RunningHookyard hookyard, Tenant tenant, String extraSettings) {
    ApiClient.Response created =
        tenant
            .api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"exact-online\",\"auth\":{\"client_id\":\""
                    + ExactOAuth.CLIENT_ID
                    + "\",\"client_secret\":\""
                    + ExactOAuth.CLIENT_SECRET
                    + "\"},\"settings\":{\"division\":"
                    + ExactOnlineFake.DIVISION
                    + extraSettings
                    + "}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();
    String location =
        tenant.api().get("/api/v1/connections/" + id + "/authorize").header("Location");
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient browser = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response done =
        browser.get("/oauth/callback?code=" + ExactOAuth.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    return id;
  }
}
