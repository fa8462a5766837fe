package io.hookyard.app.support.vendor.exactonline;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exact Online's OAuth 2.0 token endpoint ({@code POST /api/oauth2/token}, vendors.md §20.6): the
 * authorization code {@link #CODE} (each authorization starts a chain of its own), then
 * refresh-token grants. Access tokens live {@link #accessTokenLifetime} (Exact: 10 minutes; {@code
 * expires_in} is a digit string, "600"); each refresh answers a new refresh token and the one sent
 * is spent: sending it again answers 400 {@code invalid_grant} ("Old refresh token used"). Each
 * authorization starts a chain of tokens ({@link #lastChain}); {@link #loseNextRefreshAnswer} makes
 * the chain's next refresh rotate the tokens and then drop the connection without answering (the
 * lost answer), {@link #dropNextRefreshUnseen} drops it before doing anything. Keyed by chain, so
 * another connection's refresh (a retry of an earlier test's tenant) cannot take the fault. It
 * counts grants and how many were in flight at once.
 */
public final class ExactOAuth {
  public static final String CLIENT_ID = "exact-client-id";
  public static final String CLIENT_SECRET = "exact-client-secret";
  public static final String CODE = "exact-auth-code";

  /** What the token endpoint does with one request. */
  public enum Outcome {
    ANSWER,
    /** The grant took effect, but the answer is lost. */
    LOST_AFTER_ROTATING,
    /** The connection dropped before the grant was read. */
    LOST_UNSEEN
  }

  /** One answer of the token endpoint: status and JSON body, or a dropped connection. */
  public record Reply(Outcome outcome, int status, String body) {}

  private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
  private final AtomicInteger refreshes = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();

  /** Live refresh tokens and the chain (authorization) each belongs to. */
  private final Map<String, Integer> refreshTokens = new ConcurrentHashMap<>();

  private final Map<Integer, Outcome> nextRefresh = new ConcurrentHashMap<>();
  private final AtomicInteger chains = new AtomicInteger();
  private volatile Duration accessTokenLifetime = Duration.ofMinutes(10);
  private volatile Duration refreshLatency = Duration.ZERO;

  public void accessTokenLifetime(Duration lifetime) {
    this.accessTokenLifetime = lifetime;
  }

  /** The chain the newest authorization started. */
  public int lastChain() {
    return chains.get();
  }

  /** The chain's next refresh grant rotates the tokens, then its answer is lost. */
  public void loseNextRefreshAnswer(int chain) {
    nextRefresh.put(chain, Outcome.LOST_AFTER_ROTATING);
  }

  /** The chain's next refresh grant's connection drops before Exact reads it. */
  public void dropNextRefreshUnseen(int chain) {
    nextRefresh.put(chain, Outcome.LOST_UNSEEN);
  }

  /** Each refresh takes this long (to give racing refreshes a chance to overlap). */
  public void refreshLatency(Duration latency) {
    this.refreshLatency = latency;
  }

  /** Every access token issued so far is expired. */
  public void expireAccessTokens() {
    accessTokens.replaceAll((t, until) -> Instant.EPOCH);
  }

  public boolean valid(String accessToken) {
    Instant until = accessTokens.get(accessToken);
    return until != null && until.isAfter(Instant.now());
  }

  public int refreshes() {
    return refreshes.get();
  }

  /** Refresh grants refused (a spent or unknown refresh token). */
  public int refusedRefreshes() {
    return refused.get();
  }

  /** The most refresh grants that were in flight at the same time. */
  public int maxConcurrentRefreshes() {
    return maxInFlight.get();
  }

  Reply grant(Map<String, String> form) {
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      return error("invalid_client", "Invalid client credentials.");
    }
    String grant = form.get("grant_type");
    if ("authorization_code".equals(grant)) {
      return CODE.equals(form.get("code"))
          ? issue(Outcome.ANSWER, chains.incrementAndGet())
          : error("invalid_grant", "Invalid code.");
    }
    if (!"refresh_token".equals(grant)) {
      return error("unsupported_grant_type", "Unsupported grant type.");
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      sleep(refreshLatency);
      String sent = form.get("refresh_token");
      Integer chain = sent == null ? null : refreshTokens.get(sent);
      Outcome outcome = chain == null ? null : nextRefresh.remove(chain);
      if (outcome == Outcome.LOST_UNSEEN) {
        return new Reply(outcome, 0, null);
      }
      synchronized (this) {
        if (sent == null || (chain = refreshTokens.remove(sent)) == null) {
          refused.incrementAndGet();
          return error("invalid_grant", "Old refresh token used.");
        }
        refreshes.incrementAndGet();
        return issue(outcome == null ? Outcome.ANSWER : outcome, chain);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private synchronized Reply issue(Outcome outcome, int chain) {
    int n = issued.incrementAndGet();
    String access = "exact-access-" + n;
    String refreshToken = "exact-refresh-" + n;
    refreshTokens.put(refreshToken, chain);
    accessTokens.put(access, Instant.now().plus(accessTokenLifetime));
    String body =
        "{\"access_token\":\""
            + access
            + "\",\"token_type\":\"bearer\",\"expires_in\":\""
            + accessTokenLifetime.toSeconds()
            + "\",\"refresh_token\":\""
            + refreshToken
            + "\"}";
    return new Reply(outcome, 200, body);
  }

  private static Reply error(String code, String description) {
    return new Reply(
        Outcome.ANSWER,
        400,
        "{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}");
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
