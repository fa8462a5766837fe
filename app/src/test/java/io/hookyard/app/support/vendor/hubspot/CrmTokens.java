package io.hookyard.app.support.vendor.hubspot;

import static io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.CLIENT_ID;
import static io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.CLIENT_SECRET;
import static io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.CODE;
import static io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.PRIVATE_APP_TOKEN;

import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRM fake's bearer tokens: the private-app token and any other a test adds, and OAuth tokens
 * from {@code POST /oauth/v1/token} (authorization code, then refresh token {@code hs-refresh}),
 * each an access token valid until {@link #expireOAuth()}; a refused grant answers 400 with
 * HubSpot's {@code BAD_REFRESH_TOKEN} body.
 */
final class CrmTokens {
  private final Map<String, Boolean> valid = new ConcurrentHashMap<>();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger tokenCount = new AtomicInteger();
  private volatile boolean refuseRefresh;

  CrmTokens() {
    valid.put(PRIVATE_APP_TOKEN, true);
  }

  boolean valid(String token) {
    return valid.getOrDefault(token, false);
  }

  /** Accepts another private-app token. */
  void accept(String token) {
    valid.put(token, true);
  }

  /** Every OAuth token issued so far now answers 401, as an expired one does. */
  void expireOAuth() {
    valid.replaceAll((token, ok) -> token.equals(PRIVATE_APP_TOKEN));
  }

  void refuseRefresh(boolean refuse) {
    this.refuseRefresh = refuse;
  }

  int refreshes() {
    return refreshes.get();
  }

  /** {@code POST /oauth/v1/token} with the form {@code form}. */
  Reply grant(Map<String, String> form) {
    boolean client =
        CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    String grant = form.get("grant_type");
    boolean ok =
        client
            && ("authorization_code".equals(grant) && CODE.equals(form.get("code"))
                || "refresh_token".equals(grant)
                    && "hs-refresh".equals(form.get("refresh_token"))
                    && !refuseRefresh);
    if (!ok) {
      return new Reply(
          400,
          "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token\"}");
    }
    if ("refresh_token".equals(grant)) {
      refreshes.incrementAndGet();
    }
    String access = "hs-access-" + tokenCount.incrementAndGet();
    valid.put(access, true);
    return new Reply(
        200,
        "{\"token_type\":\"bearer\",\"access_token\":\""
            + access
            + "\",\"refresh_token\":\"hs-refresh\",\"expires_in\":1800}");
  }
}
