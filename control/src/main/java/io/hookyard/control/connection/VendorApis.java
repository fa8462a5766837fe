package io.hookyard.control.connection;

import io.hookyard.control.connection.VendorApi.Check;
import io.hookyard.control.connection.VendorApi.SettingRule;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vendors a tenant can connect to, with their public URLs, each replaceable per vendor under
 * {@code hookyard.connections.vendors.<vendor>.*} (an Exact Online region other than the
 * Netherlands, a Salesforce sandbox, or a loopback server in tests).
 */
final class VendorApis {
  private final Map<String, VendorApi> vendors;

  VendorApis(ConnectionSettings settings) {
    Map<String, VendorApi> all = new TreeMap<>();
    for (VendorApi vendor : defaults()) {
      ConnectionSettings.VendorUrls urls = settings.vendors().get(vendor.name());
      all.put(
          vendor.name(),
          urls == null
              ? vendor
              : vendor.withUrls(urls.baseUrl(), urls.authorizeUrl(), urls.tokenUrl()));
    }
    settings.vendors().keySet().stream()
        .filter(name -> !all.containsKey(name))
        .findFirst()
        .ifPresent(
            name -> {
              throw new IllegalArgumentException(
                  "hookyard.connections.vendors."
                      + name
                      + ": not a vendor; one of "
                      + all.keySet());
            });
    this.vendors = Map.copyOf(all);
  }

  Optional<VendorApi> find(String name) {
    return Optional.ofNullable(name).map(vendors::get);
  }

  Set<String> names() {
    return new java.util.TreeSet<>(vendors.keySet());
  }

  /** Entra ID's v2 token endpoint; {@code {tenant_id}} is the connection's directory tenant. */
  private static final String ENTRA_TOKEN =
      "https://login.microsoftonline.com/%7Btenant_id%7D/oauth2/v2.0/token";

  private static Set<VendorApi> defaults() {
    URI exact = URI.create("https://start.exactonline.nl");
    return Set.of(
        new VendorApi(
            "exact-online",
            Set.of(VendorApi.OAUTH2),
            exact,
            URI.create("https://start.exactonline.nl/api/oauth2/auth"),
            URI.create("https://start.exactonline.nl/api/oauth2/token"),
            Check.bearer("GET", "/api/v1/current/Me"),
            Map.of("division", SettingRule.POSITIVE_INTEGER)),
        new VendorApi(
            "hubspot",
            Set.of(VendorApi.OAUTH2, VendorApi.TOKEN),
            URI.create("https://api.hubapi.com"),
            URI.create("https://app.hubspot.com/oauth/authorize"),
            URI.create("https://api.hubapi.com/oauth/v1/token"),
            Check.bearer("GET", "/account-info/v3/details"),
            Map.of()),
        new VendorApi(
            "salesforce",
            Set.of(VendorApi.OAUTH2),
            URI.create("https://login.salesforce.com"),
            URI.create("https://login.salesforce.com/services/oauth2/authorize"),
            URI.create("https://login.salesforce.com/services/oauth2/token"),
            Check.bearer("GET", "/services/oauth2/userinfo"),
            Map.of()),
        new VendorApi(
            "slack",
            Set.of(VendorApi.TOKEN),
            URI.create("https://slack.com"),
            null,
            null,
            new Check("POST", "/api/auth.test", "Authorization", "Bearer ", "ok"),
            Map.of()),
        new VendorApi(
            "pipedrive",
            Set.of(VendorApi.TOKEN),
            URI.create(VendorApi.PER_CONNECTION), // https://{company_domain}.pipedrive.com
            null,
            null,
            new Check("GET", "/v1/users/me", "x-api-token", "", null),
            Map.of("company_domain", SettingRule.SUBDOMAIN)),
        new VendorApi(
            "sap-odata",
            Set.of(VendorApi.BASIC, VendorApi.CLIENT_CREDENTIALS),
            URI.create(VendorApi.PER_CONNECTION), // the connection's service_url
            null,
            null, // client credentials: the connection's own token_url, as for http
            Check.bearer("GET", "/$metadata"),
            Map.of("service_url", SettingRule.HTTPS_URL, "version", SettingRule.TEXT)),
        new VendorApi(
            "dynamics365",
            Set.of(VendorApi.CLIENT_CREDENTIALS),
            URI.create(VendorApi.PER_CONNECTION),
            null,
            URI.create(ENTRA_TOKEN),
            Check.bearer("GET", "/api/data/v9.2/WhoAmI"),
            Map.of("org_url", SettingRule.HTTPS_URL, "tenant_id", SettingRule.TEXT)),
        new VendorApi(
            "ms-graph",
            Set.of(VendorApi.CLIENT_CREDENTIALS),
            URI.create("https://graph.microsoft.com"),
            null,
            URI.create(ENTRA_TOKEN),
            Check.bearer("GET", "/v1.0/organization"),
            Map.of("tenant_id", SettingRule.TEXT)),
        new VendorApi(
            "jira",
            Set.of(VendorApi.BASIC, VendorApi.OAUTH2),
            URI.create(VendorApi.PER_CONNECTION),
            // 3LO: audience and prompt are Atlassian's required parameters (scope from auth.scope,
            // e.g. "read:jira-work write:jira-work offline_access"); refresh tokens rotate
            URI.create(
                "https://auth.atlassian.com/authorize?audience=api.atlassian.com&prompt=consent"),
            URI.create("https://auth.atlassian.com/oauth/token"),
            Check.bearer("GET", "/rest/api/3/myself"),
            Map.of("site_url", SettingRule.HTTPS_URL)),
        new VendorApi(
            "teams",
            Set.of(VendorApi.WEBHOOK_URL),
            URI.create("https://prod.westeurope.logic.azure.com"),
            null,
            null,
            null,
            Map.of()),
        new VendorApi(
            "http",
            Set.of(VendorApi.CLIENT_CREDENTIALS, VendorApi.TOKEN),
            URI.create("https://example.invalid"),
            null,
            null,
            null,
            Map.of()));
  }
}
