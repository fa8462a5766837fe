package io.hookyard.control.connection;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What Hookyard needs to know about one vendor's API to connect to it: how a tenant authenticates,
 * where the OAuth 2.0 authorization-code flow runs, and one cheap authenticated call that tells
 * whether the credentials work.
 *
 * @param authTypes {@code oauth2} (client id and secret, then the authorization-code flow) and/or
 *     {@code token} (an access token the tenant pastes, such as a private-app token), {@code
 *     client_credentials}, {@code webhook_url}, {@code basic} (user name and password, sent as HTTP
 *     Basic: SAP Gateway's technical users)
 * @param authorizeUrl where the tenant's browser is sent to grant access (oauth2 only)
 * @param tokenUrl where codes and refresh tokens are exchanged (oauth2 only)
 * @param check the request that proves the credentials, relative to {@code baseUrl}; null where no
 *     harmless call exists (a Teams workflow URL posts whatever it gets)
 * @param requiredSettings settings the vendor cannot work without, with what they must look like
 */
record VendorApi(
    String name,
    Set<String> authTypes,
    URI baseUrl,
    URI authorizeUrl,
    URI tokenUrl,
    Check check,
    Map<String, SettingRule> requiredSettings) {

  static final String OAUTH2 = "oauth2";
  static final String TOKEN = "token";
  static final String CLIENT_CREDENTIALS = "client_credentials";
  static final String WEBHOOK_URL = "webhook_url";
  static final String BASIC = "basic";

  VendorApi {
    Objects.requireNonNull(name, "name");
    authTypes = Set.copyOf(authTypes);
    Objects.requireNonNull(baseUrl, "baseUrl");
    requiredSettings = Map.copyOf(requiredSettings);
    if (authTypes.contains(OAUTH2) && (authorizeUrl == null || tokenUrl == null)) {
      throw new IllegalArgumentException(name + ": oauth2 needs an authorize and a token URL");
    }
  }

  /**
   * One call with the access token. {@code tokenHeader} carries the token, prefixed with {@code
   * tokenPrefix} ("Bearer "); {@code okField} names a boolean the body must hold as true (Slack
   * answers 200 with {@code "ok": false} for a bad token), or is null when 2xx suffices.
   */
  record Check(String method, String path, String tokenHeader, String tokenPrefix, String okField) {
    static Check bearer(String method, String path) {
      return new Check(method, path, "Authorization", "Bearer ", null);
    }
  }

  /** A required setting: whole number (Exact Online's division) or text. */
  enum SettingRule {
    POSITIVE_INTEGER,
    TEXT,
    HTTPS_URL,
    /** One DNS label, such as Pipedrive's company domain: it becomes part of a host name. */
    SUBDOMAIN
  }

  boolean supports(String authType) {
    return authTypes.contains(authType);
  }

  /** The check to make with credentials of {@code authType}: Basic ones go as Basic. */
  Check check(String authType) {
    return BASIC.equals(authType) && check != null
        ? new Check(check.method(), check.path(), "Authorization", "Basic ", check.okField())
        : check;
  }

  /** The check's URL; a vendor whose API host is a setting ({@code org_url}) is given it. */
  URI checkUrl(Map<String, Object> settings) {
    return URI.create(strip(baseUrl(settings).toString()) + check.path());
  }

  /**
   * Where the API is for this connection: the operator's base URL when set, else the connection's
   * {@code org_url} for vendors whose host differs per customer (Dynamics 365), else the default.
   */
  URI baseUrl(Map<String, Object> settings) {
    if (baseUrl.toString().equals(PER_CONNECTION)
        && settings.get("org_url") instanceof String org) {
      return URI.create(org);
    }
    if (baseUrl.toString().equals(PER_CONNECTION)) {
      // Jira: an OAuth 2.0 (3LO) connection calls through Atlassian's gateway with its cloud id,
      // an API-token connection calls its site directly
      if (settings.get("cloud_id") instanceof String cloud) {
        return URI.create(ATLASSIAN_GATEWAY + cloud);
      }
      if (settings.get("site_url") instanceof String site) {
        return URI.create(site);
      }
      if (settings.get("service_url") instanceof String service) {
        return URI.create(service); // SAP OData: the service root
      }
      if (settings.get("company_domain") instanceof String domain) {
        return URI.create("https://" + domain + ".pipedrive.com");
      }
    }
    return baseUrl;
  }

  /** Atlassian's API gateway for OAuth 2.0 (3LO) apps; the cloud id follows. */
  static final String ATLASSIAN_GATEWAY = "https://api.atlassian.com/ex/jira/";

  /**
   * The token URL for this connection: {@code {tenant_id}} filled in from the settings (Entra ID),
   * or the connection's own {@code token_url} for the generic {@code http} vendor.
   */
  URI tokenUrl(Map<String, Object> settings) {
    if (tokenUrl == null) {
      return settings.get("token_url") instanceof String url ? URI.create(url) : null;
    }
    Object tenant = settings.get("tenant_id");
    return URI.create(
        tokenUrl.toString().replace("%7Btenant_id%7D", tenant == null ? "" : tenant.toString()));
  }

  /** A base URL placeholder for vendors whose API host is the connection's {@code org_url}. */
  static final String PER_CONNECTION = "https://per-connection.invalid";

  /** The same vendor with the operator's URLs, for a region, a sandbox or a test server. */
  VendorApi withUrls(URI base, URI authorize, URI token) {
    return new VendorApi(
        name,
        authTypes,
        base == null ? baseUrl : base,
        authorize == null ? authorizeUrl : authorize,
        token == null ? tokenUrl : token,
        check,
        requiredSettings);
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
