package io.hookyard.control.connection;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.crypto.SealedSecret;
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
 */
@RestController
class ConnectionCheckController {
  private final ConnectionStore store;
  private final VendorApis vendors;
  private final VendorClient client;
  private final SealedJson sealed;
  private final AuditLog audit;

  ConnectionCheckController(
      ConnectionStore store,
      VendorApis vendors,
      VendorClient client,
      SealedJson sealed,
      AuditLog audit) {
    this.store = store;
    this.vendors = vendors;
    this.client = client;
    this.sealed = sealed;
    this.audit = audit;
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
      String pair = credentials.get("username") + ":" + credentials.get("password");
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
      token = oauthToken(api, credentials, sealed.open(row.tokens()));
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
        .flatMap(
            result -> {
              String status = result.ok() ? ConnectionView.CONNECTED : ConnectionView.FAILED;
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

  /** The stored access token, or a fresh one when it has expired and a refresh token exists. */
  private Mono<Token> oauthToken(
      VendorApi api, Map<String, String> credentials, Map<String, String> tokens) {
    String expiresAt = tokens.get("expires_at");
    String refresh = tokens.get("refresh_token");
    boolean expired =
        expiresAt != null && Instant.parse(expiresAt).isBefore(Instant.now().plusSeconds(30));
    if (!expired || refresh == null) {
      return Mono.just(new Token(tokens.get("access_token"), null));
    }
    return client
        .refresh(api, credentials, refresh)
        .map(fresh -> new Token(fresh.accessToken(), sealed.seal(fresh.asMap())));
  }

  /** An access token to call with, and the sealed new tokens when it was just refreshed. */
  private record Token(String accessToken, SealedSecret refreshed) {
    @Override
    public String toString() {
      return "Token[hidden]";
    }
  }

  private record Result(boolean ok, String error, SealedSecret tokens) {}
}
