package io.hookyard.app.support.vendor.entra;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entra ID's v2 token endpoint, {@code POST /{tenant}/oauth2/v2.0/token}, for the
 * client-credentials grant only (vendors.md §20.7; learn.microsoft.com "OAuth 2.0 client
 * credentials flow"), mounted by the Microsoft fakes on their own server. It answers {@code
 * {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token"}}; a wrong
 * secret is 401 {@code invalid_client} (AADSTS7000215), an unknown client 400 {@code
 * unauthorized_client} (AADSTS700016), another grant 400 {@code unsupported_grant_type}, a scope
 * other than the resource's {@code /.default} 400 {@code invalid_scope}, an unknown tenant 400
 * {@code invalid_request} (AADSTS90002). {@link #expireTokens()} makes the tokens issued so far
 * invalid, as an hour does.
 */
public final class EntraIdTokens {
  public static final String TENANT = "6f1b7d4e-2c1a-4d8e-9b3f-0a5c7e9d1b2f";
  public static final String CLIENT_ID = "3e0c4a8b-5d2f-4b7a-8c1e-9f6d2a4b7c3e";
  public static final String CLIENT_SECRET = "fake~secret.value";

  private final String scope;
  private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger grants = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private volatile String lastRefusal;

  /** An endpoint issuing tokens for one resource, whose scope is {@code <resource>/.default}. */
  public EntraIdTokens(String scope) {
    this.scope = scope;
  }

  public static boolean isTokenPath(String path) {
    return path.endsWith("/oauth2/v2.0/token");
  }

  /**
   * The token URL to configure, with Hookyard's {@code {tenant_id}} placeholder as an operator
   * writes it (the setting's conversion to a URI encodes it, as the built-in default has it).
   */
  public static String tokenUrl(String baseUrl) {
    return baseUrl + "/{tenant_id}/oauth2/v2.0/token";
  }

  public boolean valid(String authorization) {
    return authorization != null
        && authorization.startsWith("Bearer ")
        && tokens.getOrDefault(authorization.substring(7), false);
  }

  /** Every token issued so far now fails, as it does when its {@code expires_in} has passed. */
  public void expireTokens() {
    tokens.replaceAll((token, valid) -> false);
  }

  /** Tokens issued (successful grants). */
  public int grants() {
    return grants.get();
  }

  /** Why the last refused token request was refused, for a test's failure message. */
  public String lastRefusal() {
    return lastRefusal;
  }

  /** Token requests refused. */
  public int refusals() {
    return refusals.get();
  }

  public void handle(HttpExchange exchange) throws IOException {
    String tenant = exchange.getRequestURI().getPath().split("/")[1];
    Map<String, String> form =
        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (!"POST".equals(exchange.getRequestMethod())) {
      refuse(exchange, 405, "invalid_request", "AADSTS900561: The endpoint only accepts POST");
    } else if (!TENANT.equals(tenant)) {
      refuse(exchange, 400, "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
    } else if (!"client_credentials".equals(form.get("grant_type"))) {
      refuse(
          exchange,
          400,
          "unsupported_grant_type",
          "AADSTS70003: The app requested an unsupported grant type.");
    } else if (!CLIENT_ID.equals(form.get("client_id"))) {
      refuse(
          exchange,
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier was not found in the directory.");
    } else if (!CLIENT_SECRET.equals(form.get("client_secret"))) {
      refuse(exchange, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    } else if (!scope.equals(form.get("scope"))) {
      refuse(
          exchange,
          400,
          "invalid_scope",
          "AADSTS1002012: The provided value for scope " + form.get("scope") + " is not valid.");
    } else {
      String token = "eyJ0eXAiOiJKV1QifQ." + UUID.randomUUID() + ".sig";
      tokens.put(token, true);
      grants.incrementAndGet();
      reply(
          exchange,
          200,
          "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
              + "\"access_token\":\""
              + token
              + "\"}",
          Map.of());
    }
  }

  private void refuse(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    refusals.incrementAndGet();
    lastRefusal = error + ": " + description;
    String trace = UUID.randomUUID().toString();
    reply(
        exchange,
        status,
        "{\"error\":\""
            + error
            + "\",\"error_description\":\""
            + description
            + " Trace ID: "
            + trace
            + " Timestamp: "
            + Instant.now()
            + "\",\"error_codes\":["
            + description.substring(6, description.indexOf(':'))
            + "],\"timestamp\":\""
            + Instant.now()
            + "\",\"trace_id\":\""
            + trace
            + "\",\"correlation_id\":\""
            + UUID.randomUUID()
            + "\"}",
        Map.of());
  }

  public static Map<String, String> form(String text) {
    Map<String, String> form = new TreeMap<>();
    if (text == null) {
      return form;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  public static void reply(
      HttpExchange exchange, int status, String json, Map<String, String> headers)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
