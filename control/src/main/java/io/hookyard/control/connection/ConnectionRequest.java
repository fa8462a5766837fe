package io.hookyard.control.connection;

import io.hookyard.http.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The body of {@code POST} and {@code PATCH /api/v1/connections}. {@code auth} is write-only: for
 * OAuth 2.0 vendors {@code client_id}, {@code client_secret} and optionally {@code scope}; for
 * token vendors {@code access_token}. {@code settings} holds plain values the vendor needs, such as
 * Exact Online's {@code division}.
 */
record ConnectionRequest(
    String vendor, String name, Map<String, Object> auth, Map<String, Object> settings) {

  private static final Set<String> OAUTH2_FIELDS = Set.of("client_id", "client_secret", "scope");
  private static final Set<String> TOKEN_FIELDS = Set.of("access_token");
  private static final Set<String> WEBHOOK_FIELDS = Set.of("webhook_url");

  /** HTTP Basic: Jira's email and API token, or a user name and password (SAP Gateway). */
  private static final Set<String> JIRA_BASIC_FIELDS = Set.of("email", "api_token");

  private static final Set<String> BASIC_FIELDS = Set.of("username", "password");

  VendorApi checkedVendor(VendorApis vendors) {
    return vendors
        .find(vendor)
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    "vendor", "one of " + String.join(", ", vendors.names())));
  }

  String checkedName(String fallback) {
    if (name == null) {
      return fallback;
    }
    String text = name.strip();
    if (text.length() > 200) {
      throw ApiException.invalidField("name", "at most 200 characters");
    }
    return text;
  }

  /** The credentials as given, checked against what the vendor accepts, with their type. */
  Credentials checkedAuth(VendorApi api) {
    if (auth == null || auth.isEmpty()) {
      throw ApiException.invalidField("auth", "is required: " + expected(api));
    }
    String type =
        auth.containsKey("access_token")
            ? VendorApi.TOKEN
            : auth.containsKey("webhook_url")
                ? VendorApi.WEBHOOK_URL
                : auth.containsKey("username")
                        || auth.containsKey("password")
                        || auth.containsKey("api_token")
                        || auth.containsKey("email")
                    ? VendorApi.BASIC
                    : api.supports(VendorApi.CLIENT_CREDENTIALS)
                        ? VendorApi.CLIENT_CREDENTIALS
                        : VendorApi.OAUTH2;
    if (!api.supports(type)) {
      throw ApiException.invalidField("auth", api.name() + " takes " + expected(api));
    }
    Set<String> allowed =
        switch (type) {
          case VendorApi.TOKEN -> TOKEN_FIELDS;
          case VendorApi.WEBHOOK_URL -> WEBHOOK_FIELDS;
          case VendorApi.BASIC -> basicFields(api);
          default -> OAUTH2_FIELDS;
        };
    Map<String, String> values = new TreeMap<>();
    auth.forEach(
        (key, value) -> {
          if (!allowed.contains(key)) {
            throw ApiException.invalidField("auth." + key, "not a field of " + expected(api));
          }
          if (!(value instanceof String text) || text.isBlank() || text.length() > 4096) {
            throw ApiException.invalidField("auth." + key, "must be text of 1 to 4096 characters");
          }
          values.put(key, text);
        });
    for (String required :
        switch (type) {
          case VendorApi.TOKEN -> Set.of("access_token");
          case VendorApi.WEBHOOK_URL -> Set.of("webhook_url");
          case VendorApi.BASIC -> basicFields(api);
          default -> Set.of("client_id", "client_secret");
        }) {
      if (!values.containsKey(required)) {
        throw ApiException.invalidField("auth." + required, "is required");
      }
    }
    if (type.equals(VendorApi.WEBHOOK_URL) && !isWebUrl(values.get("webhook_url"))) {
      throw ApiException.invalidField("auth.webhook_url", "must be an http(s) URL");
    }
    return new Credentials(type, values);
  }

  /** Settings merged over {@code current}; a null value removes one. */
  Map<String, Object> checkedSettings(VendorApi api, Map<String, Object> current) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    if (settings != null) {
      settings.forEach(
          (key, value) -> {
            if (!key.matches("[a-z][a-z0-9_]{0,63}")) {
              throw ApiException.invalidField("settings." + key, "names are snake_case");
            }
            if (value == null) {
              merged.remove(key);
            } else if (value instanceof String text && text.length() <= 2048
                || value instanceof Number
                || value instanceof Boolean) {
              merged.put(key, value);
            } else {
              throw ApiException.invalidField(
                  "settings." + key,
                  "must be text (at most 2048 characters), a number or a boolean");
            }
          });
    }
    if (merged.size() > 50) {
      throw ApiException.invalidField("settings", "at most 50 settings");
    }
    api.requiredSettings()
        .forEach(
            (key, rule) -> {
              Object value = merged.get(key);
              boolean fits =
                  switch (rule) {
                    case POSITIVE_INTEGER ->
                        (value instanceof Integer || value instanceof Long)
                            && ((Number) value).longValue() > 0;
                    case TEXT -> value instanceof String text && !text.isBlank();
                    case HTTPS_URL -> value instanceof String text && isWebUrl(text);
                    case SUBDOMAIN ->
                        value instanceof String text
                            && text.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
                  };
              if (!fits) {
                throw ApiException.invalidField(
                    "settings." + key,
                    "is required for "
                        + api.name()
                        + switch (rule) {
                          case POSITIVE_INTEGER -> " and must be a positive whole number";
                          case TEXT -> " and must be text";
                          case HTTPS_URL -> " and must be an http(s) URL";
                          case SUBDOMAIN ->
                              " and must be one name such as acme (of acme.pipedrive.com)";
                        });
              }
            });
    return merged;
  }

  /**
   * The generic {@code http} vendor fetches client-credentials tokens from the connection's own
   * {@code token_url}; other vendors know theirs.
   */
  static void requireTokenUrl(VendorApi api, String authType, Map<String, Object> settings) {
    if (VendorApi.CLIENT_CREDENTIALS.equals(authType) && api.tokenUrl(settings) == null) {
      throw ApiException.invalidField(
          "settings.token_url", "is required for client credentials and must be an http(s) URL");
    }
    if (settings.get("token_url") instanceof String url && !isWebUrl(url)) {
      throw ApiException.invalidField("settings.token_url", "must be an http(s) URL");
    }
  }

  private static boolean isWebUrl(String text) {
    try {
      java.net.URI uri = java.net.URI.create(text);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Set<String> basicFields(VendorApi api) {
    return api.name().equals("jira") ? JIRA_BASIC_FIELDS : BASIC_FIELDS;
  }

  /** Leaves {@code auth} out: a request logged by accident must not leak credentials. */
  @Override
  public String toString() {
    return "ConnectionRequest[vendor=" + vendor + ", name=" + name + ", settings=" + settings + "]";
  }

  private static String expected(VendorApi api) {
    StringBuilder text = new StringBuilder();
    if (api.supports(VendorApi.OAUTH2)) {
      text.append("{client_id, client_secret, scope?} (OAuth 2.0)");
    }
    if (api.supports(VendorApi.CLIENT_CREDENTIALS)) {
      text.append("{client_id, client_secret, scope?} (client credentials)");
    }
    if (api.supports(VendorApi.WEBHOOK_URL)) {
      text.append("{webhook_url}");
    }
    if (api.supports(VendorApi.TOKEN)) {
      text.append(text.isEmpty() ? "" : " or ").append("{access_token}");
    }
    if (api.supports(VendorApi.BASIC)) {
      text.append(text.isEmpty() ? "" : " or ")
          .append(
              api.name().equals("jira")
                  ? "{email, api_token}"
                  : "{username, password} (HTTP Basic)");
    }
    return text.toString();
  }

  /** Checked credentials. Not shown by toString: they must never reach a log. */
  record Credentials(String type, Map<String, String> values) {
    Credentials {
      values = Map.copyOf(values);
    }

    @Override
    public String toString() {
      return "Credentials[" + type + "]";
    }
  }
}
