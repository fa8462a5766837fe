package io.hookyard.control.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionRequestTest {
  private final VendorApis vendors =
      new VendorApis(new ConnectionSettings(Map.of(), null, null, null));
  private final VendorApi exact = vendors.find("exact-online").orElseThrow();

  @Test
  void oauthCredentialsAndTheDivisionPass() {
    ConnectionRequest request =
        new ConnectionRequest(
            "exact-online",
            null,
            Map.of("client_id", "a", "client_secret", "the-secret"),
            Map.of("division", 123));
    assertThat(request.checkedAuth(exact).type()).isEqualTo(VendorApi.OAUTH2);
    assertThat(request.checkedAuth(exact).toString()).doesNotContain("the-secret");
    assertThat(
            new ConnectionRequest("hubspot", "n", Map.of("access_token", "s3cr3t"), null)
                .toString())
        .doesNotContain("s3cr3t");
    assertThat(request.checkedSettings(exact, Map.of())).containsEntry("division", 123);
    assertThat(request.checkedName("fallback")).isEqualTo("fallback");
  }

  @Test
  void jiraTakesAnEmailAndApiTokenOrOAuthAndItsHostFollowsTheSettings() {
    VendorApi jira = vendors.find("jira").orElseThrow();
    ConnectionRequest basic =
        new ConnectionRequest(
            "jira",
            null,
            Map.of("email", "bot@acme.example", "api_token", "ATATT-secret"),
            Map.of("site_url", "https://acme.atlassian.net"));
    assertThat(basic.checkedAuth(jira).type()).isEqualTo(VendorApi.BASIC);
    assertThat(basic.checkedAuth(jira).toString()).doesNotContain("ATATT-secret");
    assertThat(
            new ConnectionRequest(
                    "jira", null, Map.of("client_id", "a", "client_secret", "b"), null)
                .checkedAuth(jira)
                .type())
        .isEqualTo(VendorApi.OAUTH2);
    assertField(
        () ->
            new ConnectionRequest("jira", null, Map.of("email", "bot@acme.example"), null)
                .checkedAuth(jira),
        "auth.api_token");
    assertField(
        () -> new ConnectionRequest("jira", null, null, Map.of()).checkedSettings(jira, Map.of()),
        "settings.site_url");
    assertThat(jira.baseUrl(Map.of("site_url", "https://acme.atlassian.net")).toString())
        .isEqualTo("https://acme.atlassian.net");
    assertThat(
            jira.baseUrl(Map.of("site_url", "https://acme.atlassian.net", "cloud_id", "c-1"))
                .toString())
        .isEqualTo("https://api.atlassian.com/ex/jira/c-1");
  }

  @Test
  void sapTakesBasicCredentialsAndItsServiceUrlIsTheApi() {
    VendorApi sap = vendors.find("sap-odata").orElseThrow();
    ConnectionRequest request =
        new ConnectionRequest(
            "sap-odata",
            null,
            Map.of("username", "RFC_USER", "password", "pw-secret"),
            Map.of(
                "service_url", "https://s4.example.com/sap/opu/odata/sap/API_X", "version", "v2"));
    ConnectionRequest.Credentials basic = request.checkedAuth(sap);
    assertThat(basic.type()).isEqualTo(VendorApi.BASIC);
    assertThat(basic.toString()).doesNotContain("pw-secret");
    Map<String, Object> settings = request.checkedSettings(sap, Map.of());
    assertThat(sap.checkUrl(settings))
        .isEqualTo(URI.create("https://s4.example.com/sap/opu/odata/sap/API_X/$metadata"));
    assertThat(sap.check(VendorApi.BASIC).tokenPrefix()).isEqualTo("Basic ");
    assertField(
        () -> new ConnectionRequest(null, null, Map.of("username", "u"), null).checkedAuth(sap),
        "auth.password");
    assertField(
        () ->
            new ConnectionRequest(null, null, Map.of("username", "u"), null)
                .checkedAuth(vendors.find("hubspot").orElseThrow()),
        "auth");
  }

  @Test
  void pipedrivesCompanyDomainIsOneNameOfItsHost() {
    VendorApi pipedrive = vendors.find("pipedrive").orElseThrow();
    Map<String, Object> settings =
        new ConnectionRequest(null, null, null, Map.of("company_domain", "acme-eu"))
            .checkedSettings(pipedrive, Map.of());
    assertThat(pipedrive.checkUrl(settings))
        .isEqualTo(URI.create("https://acme-eu.pipedrive.com/v1/users/me"));
    for (String bad : new String[] {"evil.example/x", "acme.pipedrive.com", "", "-acme"}) {
      assertField(
          () ->
              new ConnectionRequest(null, null, null, Map.of("company_domain", bad))
                  .checkedSettings(pipedrive, Map.of()),
          "settings.company_domain");
    }
  }

  @Test
  void eachMistakeNamesItsField() {
    assertField(
        () -> new ConnectionRequest("nope", null, null, null).checkedVendor(vendors), "vendor");
    assertField(
        () ->
            new ConnectionRequest(null, null, Map.of("access_token", "t"), null).checkedAuth(exact),
        "auth");
    assertField(
        () -> new ConnectionRequest(null, null, Map.of("client_id", "a"), null).checkedAuth(exact),
        "auth.client_secret");
    assertField(
        () ->
            new ConnectionRequest(null, null, Map.of("client_id", "a", "client_secret", 5), null)
                .checkedAuth(exact),
        "auth.client_secret");
    assertField(
        () ->
            new ConnectionRequest(null, null, null, Map.of("division", -1))
                .checkedSettings(exact, Map.of()),
        "settings.division");
    assertField(
        () ->
            new ConnectionRequest(null, null, null, Map.of("Bad Key", 1))
                .checkedSettings(exact, Map.of("division", 1)),
        "settings.Bad Key");
    Map<String, Object> removal = new HashMap<>();
    removal.put("division", null);
    assertField(
        () ->
            new ConnectionRequest(null, null, null, removal)
                .checkedSettings(exact, Map.of("division", 7)),
        "settings.division");
  }

  @Test
  void theOperatorReplacesAVendorsUrlsAndUnknownVendorsAreRefused() {
    VendorApis local =
        new VendorApis(
            new ConnectionSettings(
                Map.of(
                    "pipedrive",
                    new ConnectionSettings.VendorUrls(
                        URI.create("http://127.0.0.1:1/"), null, null)),
                null,
                null,
                null));
    assertThat(local.find("pipedrive").orElseThrow().checkUrl(java.util.Map.of()))
        .isEqualTo(URI.create("http://127.0.0.1:1/v1/users/me"));
    assertThat(local.find("exact-online").orElseThrow().tokenUrl())
        .isEqualTo(URI.create("https://start.exactonline.nl/api/oauth2/token"));
    assertThatThrownBy(
            () ->
                new VendorApis(
                    new ConnectionSettings(
                        Map.of("nope", new ConnectionSettings.VendorUrls(null, null, null)),
                        null,
                        null,
                        null)))
        .hasMessageContaining("hookyard.connections.vendors.nope");
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", field));
  }
}
