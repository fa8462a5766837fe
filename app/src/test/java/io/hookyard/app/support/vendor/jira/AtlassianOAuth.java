package io.hookyard.app.support.vendor.jira;

import io.hookyard.app.support.vendor.VendorFake.Answer;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.schemas.json.Json;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Atlassian's OAuth 2.0 (3LO) token endpoint, {@code POST https://auth.atlassian.com/oauth/token}
 * (developer.atlassian.com "OAuth 2.0 (3LO) apps"): {@code authorization_code} and {@code
 * refresh_token} grants, JSON or form body, answering {@code {"access_token", "expires_in": 3600,
 * "token_type": "Bearer", "refresh_token", "scope"}}. Refresh tokens rotate: each refresh answers a
 * new one and the one used stops working (reuse answers 403 {@code unauthorized_client}, as an
 * invalid refresh token does). {@link #expireAccessTokens()} stands for the hour passing.
 */
final class AtlassianOAuth {
  private final Map<String, Boolean> access = new ConcurrentHashMap<>();
  private final Set<String> refresh = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger reusedRefreshTokens = new AtomicInteger();

  boolean valid(String authorization) {
    return authorization != null
        && authorization.startsWith("Bearer ")
        && access.getOrDefault(authorization.substring(7), false);
  }

  void expireAccessTokens() {
    access.replaceAll((token, valid) -> false);
  }

  int refreshes() {
    return refreshes.get();
  }

  int reusedRefreshTokens() {
    return reusedRefreshTokens.get();
  }

  void reset() {
    access.clear();
    refresh.clear();
    refreshes.set(0);
    reusedRefreshTokens.set(0);
  }

  Answer grant(String contentType, String body) {
    Map<String, String> form = new java.util.TreeMap<>();
    if (contentType != null && contentType.startsWith("application/json")) {
      JsonNode json = Json.mapper().readTree(body);
      json.properties().forEach(e -> form.put(e.getKey(), e.getValue().asString()));
    } else {
      form.putAll(EntraIdTokens.form(body));
    }
    if (!JiraFake.CLIENT_ID.equals(form.get("client_id"))
        || !JiraFake.CLIENT_SECRET.equals(form.get("client_secret"))) {
      return error(401, "access_denied", "Unauthorized");
    }
    String grant = form.getOrDefault("grant_type", "");
    if (grant.equals("authorization_code")) {
      if (!JiraFake.CODE.equals(form.get("code"))) {
        return error(403, "invalid_grant", "Invalid authorization code");
      }
    } else if (grant.equals("refresh_token")) {
      if (!refresh.remove(form.getOrDefault("refresh_token", ""))) {
        reusedRefreshTokens.incrementAndGet();
        return error(403, "unauthorized_client", "refresh_token is invalid");
      }
      refreshes.incrementAndGet();
    } else {
      return error(400, "unsupported_grant_type", "Unsupported grant type: " + grant);
    }
    String accessToken = "eyJraWQiOiJhdGxhc3NpYW4ifQ." + UUID.randomUUID() + ".sig";
    String refreshToken = "rt-" + UUID.randomUUID();
    access.put(accessToken, true);
    refresh.add(refreshToken);
    return new Answer(
        200,
        Map.of("Content-Type", "application/json"),
        Json.writeString(
            Map.of(
                "access_token",
                accessToken,
                "expires_in",
                3600,
                "token_type",
                "Bearer",
                "refresh_token",
                refreshToken,
                "scope",
                "read:jira-work write:jira-work offline_access")));
  }

  private static Answer error(int status, String error, String description) {
    return new Answer(
        status,
        Map.of("Content-Type", "application/json"),
        Json.writeString(Map.of("error", error, "error_description", description)));
  }
}
