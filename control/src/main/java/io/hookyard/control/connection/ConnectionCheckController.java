package io.hookyard.control.connection;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/connections/{id}/check}: one cheap authenticated call to the vendor with the
 * stored credentials (refreshing an expired OAuth 2.0 access token first). The outcome becomes the
 * connection's {@code status} and {@code last_error}; the vendor's own answer is never shown.
 *
 * <p>An expired OAuth 2.0 token is refreshed by {@link TokenRefresher#refresh}, under the
 * connection's row lock like every other refresh: a check racing a sync's refresh would otherwise
 * spend a single-use refresh token twice (Exact Online) and break the connection.
 */
@RestController
class ConnectionCheckController {
  private final ConnectionStore store;
  private final VendorApis vendors;
  private final VendorClient client;
  private final SealedJson sealed;
  private final AuditLog audit;
  private final TokenRefresher refresher;

  ConnectionCheckController(
      ConnectionStore store,
      VendorApis vendors,
      VendorClient client,
      SealedJson sealed,
      AuditLog audit,
      TokenRefresher refresher) {
    this.store = store;
    this.vendors = vendors;
    this.client = client;
    this.sealed = sealed;
    this.audit = audit;
    this.refresher = refresher;
  }

  @PostMapping("/api/v1/connections/{id}/check")
  Mono<ConnectionView> check(Principal principal, @PathVariable String id) {
    TenantId tenant = principal.requireTenant();
    return store
        .find(tenant, id, false)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)))
        .flatMap(row -> check(principal, tenant, row));
  }

  private Mono<ConnectionView> check(
      Principal principal, TenantId tenant, ConnectionStore.Row row) {
    ConnectionView view = row.view();
    VendorApi api =
        vendors
            .find(view.vendor())
            .orElseThrow(() -> ApiException.invalidField("vendor", "no longer supported"));
    Map<String, String> credentials = sealed.open(row.credentials());
    Mono<Token> token;
    if (VendorApi.TOKEN.equals(view.authType())) {
      token = Mono.just(new Token(credentials.get("access_token"), null));
    } else if (VendorApi.BASIC.equals(view.authType())) {
      String pair =
          credentials.getOrDefault("username", credentials.get("email"))
              + ":"
              + credentials.getOrDefault("password", credentials.get("api_token"));
      token =
          Mono.just(
              new Token(
                  java.util.Base64.getEncoder()
                      .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                  null));
    } else if (VendorApi.WEBHOOK_URL.equals(view.authType())) {
      token = Mono.just(new Token(null, null));
    } else if (VendorApi.CLIENT_CREDENTIALS.equals(view.authType())) {
      token =
          client
              .clientCredentials(api, view.settings(), credentials)
              .map(fresh -> new Token(fresh.accessToken(), sealed.seal(fresh.asMap())));
    } else if (row.tokens() == null) {
      return Mono.error(
          new ApiException(
              HttpStatus.CONFLICT,
              "authorization_required",
              "authorize the connection first: GET " + view.authorizeUrl(),
              Map.of("id", view.id())));
    } else {
      token = oauthToken(tenant, row);
    }
    Instant now = Instant.now();
    return token
        .flatMap(
            t ->
                client
                    .check(api, api.check(view.authType()), view.settings(), t.accessToken())
                    .map(outcome -> new Result(outcome.ok(), outcome.error(), t.refreshed())))
        .onErrorResume(
            VendorClient.TokenExchangeFailed.class,
            e -> Mono.just(new Result(false, e.getMessage(), null)))
        .onErrorResume(
            RefreshRefused.class, e -> Mono.just(new Result(false, e.getMessage(), null, true)))
        .flatMap(
            result -> {
              String status =
                  result.ok()
                      ? ConnectionView.CONNECTED
                      : result.authorizationRequired()
                          ? ConnectionView.AUTHORIZATION_REQUIRED
                          : ConnectionView.FAILED;
              return store
                  .recordOutcome(
                      tenant,
                      view.id(),
                      view.updatedAt(),
                      status,
                      result.error(),
                      now,
                      result.tokens())
                  .then(audit.record(principal, tenant, "connection.checked", view.id()))
                  .thenReturn(
                      new ConnectionView(
                          view.id(),
                          view.vendor(),
                          view.name(),
                          view.authType(),
                          view.settings(),
                          status,
                          result.error(),
                          now,
                          view.authorizeUrl(),
                          view.createdAt(),
                          view.updatedAt()));
            });
  }

  /**
   * The stored access token, or, when it has expired and a refresh token exists, the one {@link
   * TokenRefresher} stores after refreshing under the row lock (or another caller did meanwhile).
   */
  private Mono<Token> oauthToken(TenantId tenant, ConnectionStore.Row row) {
    Map<String, String> tokens = sealed.open(row.tokens());
    String expiresAt = tokens.get("expires_at");
    boolean expired =
        expiresAt != null && Instant.parse(expiresAt).isBefore(Instant.now().plusSeconds(30));
    if (!expired || tokens.get("refresh_token") == null) {
      return Mono.just(new Token(tokens.get("access_token"), null));
    }
    String id = row.view().id();
    return refresher
        .refresh(new TokenRefreshRequest(new ConnectionId(id), tenant, row.revision(), "check"))
        .then(store.find(tenant, id, false))
        .flatMap(
            fresh -> {
              if (ConnectionView.AUTHORIZATION_REQUIRED.equals(fresh.view().status())
                  || fresh.tokens() == null) {
                return Mono.error(new RefreshRefused(fresh.view().lastError()));
              }
              return Mono.just(new Token(sealed.open(fresh.tokens()).get("access_token"), null));
            });
  }

  /** The refresher found the vendor refusing: the connection needs authorizing again. */
  private static final class RefreshRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RefreshRefused(String message) {
      super(message == null ? "the token refresh was refused" : message, null, false, false);
    }
  }

  /** An access token to call with, and the sealed new tokens when it was just refreshed. */
  private record Token(String accessToken, SealedSecret refreshed) {
    @Override
    public String toString() {
      return "Token[hidden]";
    }
  }

  private record Result(
      boolean ok, String error, SealedSecret tokens, boolean authorizationRequired) {
    Result(boolean ok, String error, SealedSecret tokens) {
      this(ok, error, tokens, false);
    }
  }
}
