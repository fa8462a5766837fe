package io.hookyard.app.support.vendor.http;

import io.hookyard.app.support.vendor.VendorFake;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Any OAuth 2.0 protected JSON API on loopback: {@code POST /oauth/token} grants client credentials
 * (RFC 6749 §4.4) to one client, issuing a new token each time; every other path answers 200 {@code
 * {"id": …}} to the latest token only, 401 to any other (so expiring it with {@link #expireToken()}
 * makes the next call a 401).
 */
public final class HttpApiFake extends VendorFake {
  public static final String CLIENT_ID = "hk-client";
  public static final String CLIENT_SECRET = "hk-client-secret";
  private final AtomicInteger issued = new AtomicInteger();
  private volatile String token;
  private volatile boolean refuseGrants;

  /** From now on the token endpoint refuses the client (as after its secret was rotated). */
  public void refuseGrants(boolean refuse) {
    this.refuseGrants = refuse;
  }

  @Override
  public synchronized void reset() {
    super.reset();
    refuseGrants = false;
    issued.set(0);
    token = null;
  }

  /** The current token stops working; a client must fetch a new one. */
  public void expireToken() {
    token = "expired-" + token;
  }

  /** Tokens issued so far. */
  public int tokensIssued() {
    return issued.get();
  }

  @Override
  protected Answer answer(Call call) {
    if (call.path().equals("/oauth/token")) {
      Map<String, String> form = new TreeMap<>();
      for (String pair : call.body().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String basic = call.header("authorization");
      boolean client =
          (CLIENT_ID.equals(form.get("client_id"))
                  && CLIENT_SECRET.equals(form.get("client_secret")))
              || (basic != null && basic.startsWith("Basic "));
      if (refuseGrants || !client || !"client_credentials".equals(form.get("grant_type"))) {
        return json(401, Map.of("error", "invalid_client"));
      }
      token = "tok-" + issued.incrementAndGet();
      return json(200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", 3600));
    }
    if (token == null || !("Bearer " + token).equals(call.header("authorization"))) {
      return json(401, Map.of("error", "invalid_token"));
    }
    return json(200, Map.of("id", "obj-" + calls().size(), "received", true));
  }
}
