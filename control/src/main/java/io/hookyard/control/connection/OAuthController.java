package io.hookyard.control.connection;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The OAuth 2.0 authorization-code flow (RFC 6749 §4.1) for a connection. {@code GET
 * /api/v1/connections/{id}/authorize} redirects to the vendor with a one-time {@code state}; the
 * vendor sends the browser back to the public {@code /oauth/callback}, which trades the code for
 * tokens at the vendor's token URL and stores them sealed. The callback needs no API key: the
 * state, known only to whoever started the flow, stands for it. {@code POST} on the same route
 * answers the vendor URL as JSON instead, for the console, and can name a page of this Hookyard
 * that the callback sends the browser back to.
 */
@RestController
class OAuthController {
  static final String CALLBACK_PATH = "/oauth/callback";

  private final ConnectionStore store;
  private final OAuthStates states;
  private final VendorApis vendors;
  private final VendorClient client;
  private final SealedJson sealed;
  private final TransactionalOperator tx;
  private final AuditLog audit;
  private final ConnectionSettings settings;

  OAuthController(
      ConnectionStore store,
      OAuthStates states,
      VendorApis vendors,
      VendorClient client,
      SealedJson sealed,
      TransactionalOperator tx,
      AuditLog audit,
      ConnectionSettings settings) {
    this.store = store;
    this.states = states;
    this.vendors = vendors;
    this.client = client;
    this.sealed = sealed;
    this.tx = tx;
    this.audit = audit;
    this.settings = settings;
  }

  /** What the callback answers once the connection holds its tokens. */
  record Authorized(String id, String status) {}

  /**
   * The answer of {@code POST …/authorize}: the vendor URL to send the browser to, and until when
   * its {@code state} is good.
   */
  record AuthorizeUrl(String authorizeUrl, Instant expiresAt) {}

  /**
   * The body of {@code POST …/authorize}, optional.
   *
   * @param returnTo a path on this Hookyard (such as {@code /console#/connections}) the callback
   *     sends the browser back to, with {@code connection} and {@code status} appended; without it
   *     the callback answers JSON
   */
  record AuthorizeRequest(String returnTo) {}

  /** A path on this host only: never another origin, so the callback is no open redirect. */
  private static final Pattern RETURN_TO = Pattern.compile("/(?!/)[A-Za-z0-9/_#?&=.-]{0,199}");

  @GetMapping("/api/v1/connections/{id}/authorize")
  Mono<ResponseEntity<Void>> authorize(
      Principal principal, @PathVariable String id, ServerHttpRequest request) {
    return begin(principal, id, request, null)
        .map(
            started ->
                ResponseEntity.status(HttpStatus.FOUND).location(started.location()).build());
  }

  /**
   * The same start as the redirecting {@code GET}, answered as JSON for a page that sends the API
   * key in a header (which a browser navigation cannot) and then navigates itself: the console.
   */
  @PostMapping("/api/v1/connections/{id}/authorize")
  Mono<AuthorizeUrl> authorizeUrl(
      Principal principal,
      @PathVariable String id,
      @RequestBody(required = false) AuthorizeRequest body,
      ServerHttpRequest request) {
    String returnTo = body == null ? null : body.returnTo();
    if (returnTo != null && !RETURN_TO.matcher(returnTo).matches()) {
      throw ApiException.invalidField(
          "return_to", "must be a path on this Hookyard, such as /console#/connections");
    }
    return begin(principal, id, request, returnTo)
        .map(started -> new AuthorizeUrl(started.location().toString(), started.expiresAt()));
  }

  private record Started(URI location, Instant expiresAt) {}

  private Mono<Started> begin(
      Principal principal, String id, ServerHttpRequest request, String returnTo) {
    TenantId tenant = principal.requireTenant();
    String redirectUri = redirectUri(request);
    Instant expiresAt = Instant.now().plus(settings.authorizationTtl());
    return store
        .find(tenant, id, false)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)))
        .flatMap(
            row -> {
              ConnectionView view = row.view();
              if (!VendorApi.OAUTH2.equals(view.authType())) {
                return Mono.error(
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "not_oauth2",
                        "this connection uses an access token; there is nothing to authorize",
                        Map.of("id", id)));
              }
              VendorApi api = vendor(view);
              Map<String, String> credentials = sealed.open(row.credentials());
              OAuthStates.Pending pending =
                  new OAuthStates.Pending(tenant, id, actorOf(principal), redirectUri, returnTo);
              return states
                  .begin(pending, expiresAt)
                  .map(
                      state ->
                          new Started(
                              authorizeLocation(api, credentials, redirectUri, state), expiresAt));
            });
  }

  /**
   * Finishes the flow. Started with a {@code return_to}, the browser goes back there (303) with
   * {@code connection} and {@code status} ({@code connected} or {@code failed}) appended, failed or
   * not; otherwise the answer is JSON, or the error envelope.
   */
  @GetMapping(CALLBACK_PATH)
  Mono<ResponseEntity<Authorized>> callback(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String error) {
    if (state == null || state.isBlank()) {
      throw ApiException.badRequest("invalid_state", "the callback carries no state");
    }
    return states
        .take(state)
        .switchIfEmpty(
            Mono.error(
                () ->
                    ApiException.badRequest(
                        "invalid_state", "unknown, used or expired authorization; start it again")))
        .flatMap(
            pending ->
                pending.returnTo() == null
                    ? finish(pending, code, error).map(ResponseEntity::ok)
                    : finish(pending, code, error)
                        .map(done -> back(pending, done.status()))
                        .onErrorResume(
                            ApiException.class,
                            e ->
                                "authorization_failed".equals(e.code())
                                    ? Mono.just(back(pending, ConnectionView.FAILED))
                                    : Mono.error(e)));
  }

  private static ResponseEntity<Authorized> back(OAuthStates.Pending pending, String status) {
    String to = pending.returnTo();
    String outcome = "connection=" + pending.connectionId() + "&status=" + status;
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create(to + (to.contains("?") ? "&" : "?") + outcome))
        .build();
  }

  private Mono<Authorized> finish(OAuthStates.Pending pending, String code, String error) {
    Principal actor = new Principal.Tenant(pending.tenant(), new ApiKeyId(pending.actor()));
    return store
        .find(pending.tenant(), pending.connectionId(), false)
        .switchIfEmpty(
            Mono.error(() -> ApiException.notFound("connection", pending.connectionId())))
        .flatMap(
            row -> {
              ConnectionView view = row.view();
              Instant now = Instant.now();
              if (error != null || code == null || code.isBlank()) {
                return failed(pending, view, actor, now, view.vendor() + " did not grant access");
              }
              VendorApi api = vendor(view);
              return client
                  .exchangeCode(api, sealed.open(row.credentials()), code, pending.redirectUri())
                  .flatMap(
                      tokens ->
                          store
                              .recordOutcome(
                                  pending.tenant(),
                                  view.id(),
                                  view.updatedAt(),
                                  ConnectionView.CONNECTED,
                                  null,
                                  now,
                                  sealed.seal(tokens.asMap()))
                              .then(
                                  audit.record(
                                      actor, pending.tenant(), "connection.authorized", view.id()))
                              .as(tx::transactional)
                              .thenReturn(new Authorized(view.id(), ConnectionView.CONNECTED)))
                  .onErrorResume(
                      VendorClient.TokenExchangeFailed.class,
                      e -> failed(pending, view, actor, now, e.getMessage()));
            });
  }

  private Mono<Authorized> failed(
      OAuthStates.Pending pending,
      ConnectionView view,
      Principal actor,
      Instant now,
      String reason) {
    return store
        .recordOutcome(
            pending.tenant(), view.id(), view.updatedAt(), ConnectionView.FAILED, reason, now, null)
        .then(audit.record(actor, pending.tenant(), "connection.authorization_failed", view.id()))
        .as(tx::transactional)
        .then(
            Mono.error(
                new ApiException(
                    HttpStatus.BAD_GATEWAY,
                    "authorization_failed",
                    reason,
                    Map.of("id", view.id()))));
  }

  private VendorApi vendor(ConnectionView view) {
    return vendors
        .find(view.vendor())
        .orElseThrow(() -> ApiException.invalidField("vendor", "no longer supported"));
  }

  private String redirectUri(ServerHttpRequest request) {
    if (settings.redirectUrl() != null) {
      return settings.redirectUrl().toString();
    }
    return UriComponentsBuilder.fromUri(request.getURI())
        .replacePath(CALLBACK_PATH)
        .replaceQuery(null)
        .fragment(null)
        .build()
        .toUriString();
  }

  private static URI authorizeLocation(
      VendorApi api, Map<String, String> credentials, String redirectUri, String state) {
    UriComponentsBuilder url =
        UriComponentsBuilder.fromUri(api.authorizeUrl())
            .queryParam("response_type", "code")
            .queryParam("client_id", credentials.get("client_id"))
            .queryParam("redirect_uri", redirectUri)
            .queryParam("state", state);
    if (credentials.containsKey("scope")) {
      url.queryParam("scope", credentials.get("scope"));
    }
    return url.encode().build().toUri();
  }

  private static String actorOf(Principal principal) {
    return principal instanceof Principal.Tenant tenant ? tenant.keyId().value() : "operator";
  }
}
