package io.hookyard.control.portal;

import io.hookyard.http.auth.ApiKeyAuthFilter;
import io.hookyard.http.auth.EndpointScope;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.json.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates calls made with a portal link's token ({@code Bearer hkp_…}) and keeps them to what
 * a tenant's customer may do: the endpoints of the link (list, create, read, change, test, rotate,
 * attempts, health, recover, their dead letters and replays) and the event catalog. Another
 * endpoint, of this tenant or another, is 404 as if it did not exist; every other route is 403. The
 * caller then acts as its tenant, so the routes themselves are the ordinary ones. An endpoint
 * created through a link limited to some endpoints joins the link's endpoints.
 */
final class PortalFilter implements WebFilter, Ordered {
  private static final String SESSION = PortalSession.class.getName();
  private static final String BEARER = "Bearer " + PortalToken.PREFIX;
  private static final Pattern ONE_ENDPOINT =
      Pattern.compile(
          "/api/v1/endpoints/([^/]+)(|/test|/secret/rotate|/attempts|/health|/recover)");
  private static final Pattern DEAD_LETTER_REPLAY =
      Pattern.compile("/api/v1/dead-letters/([^/]+)/replay");

  private final PortalToken tokens;
  private final PortalSessions sessions;

  PortalFilter(PortalToken tokens, PortalSessions sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  /** The portal session of this exchange, or null when the caller is not a portal link. */
  static PortalSession session(ServerWebExchange exchange) {
    return exchange.getAttribute(SESSION);
  }

  @Override
  public int getOrder() {
    return ApiKeyAuthFilter.ORDER - 1;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (header == null || !header.startsWith(BEARER) || !path.startsWith("/api/v1/")) {
      return chain.filter(exchange);
    }
    return Mono.justOrEmpty(tokens.verify(header.substring("Bearer ".length()).trim()))
        .flatMap(id -> sessions.find(id, tokens.now()))
        .switchIfEmpty(
            Mono.error(() -> ApiException.unauthorized("this portal link expired or is not valid")))
        .flatMap(session -> allow(exchange, session, path).thenReturn(session))
        .flatMap(
            session -> {
              exchange.getAttributes().put(SESSION, session);
              if (session.endpointIds() != null) {
                new EndpointScope(session.endpointIds()).applyTo(exchange);
              }
              ApiKeyAuthFilter.authenticated(
                  exchange, new Principal.Tenant(session.tenant(), session.keyId()));
              HttpMethod method = exchange.getRequest().getMethod();
              boolean creates = HttpMethod.POST.equals(method) && path.equals("/api/v1/endpoints");
              boolean changes =
                  HttpMethod.PATCH.equals(method) && ONE_ENDPOINT.matcher(path).matches();
              Mono<ServerWebExchange> checked =
                  creates || changes ? WebhookOnly.check(exchange) : Mono.just(exchange);
              return checked.flatMap(
                  checkedExchange ->
                      chain.filter(
                          creates && session.endpointIds() != null
                              ? checkedExchange
                                  .mutate()
                                  .response(joinScope(checkedExchange, session))
                                  .build()
                              : checkedExchange));
            });
  }

  /** Completes when the route is one a portal link may call, else fails with 404 or 403. */
  private Mono<Void> allow(ServerWebExchange exchange, PortalSession session, String path) {
    HttpMethod method = exchange.getRequest().getMethod();
    boolean get = HttpMethod.GET.equals(method);
    boolean post = HttpMethod.POST.equals(method);
    if (path.equals("/api/v1/endpoints") && (get || post)
        || path.equals("/api/v1/portal-sessions/current") && get
        || path.startsWith("/api/v1/event-types") && get) {
      return Mono.empty();
    }
    Matcher one = ONE_ENDPOINT.matcher(path);
    if (one.matches() && allowedOnEndpoint(method, one.group(2))) {
      return covered(session, one.group(1));
    }
    if (path.equals("/api/v1/dead-letters") && get) {
      String endpoint = exchange.getRequest().getQueryParams().getFirst("endpoint_id");
      return endpoint == null && session.endpointIds() != null
          ? Mono.error(ApiException.forbidden("a portal link lists dead letters per endpoint_id"))
          : endpoint == null ? Mono.empty() : covered(session, endpoint);
    }
    Matcher replay = DEAD_LETTER_REPLAY.matcher(path);
    if (replay.matches() && post) {
      String id = replay.group(1);
      return sessions
          .deadLetterEndpoint(session.tenant(), id)
          .filter(session::covers)
          .switchIfEmpty(Mono.error(() -> ApiException.notFound("dead_letter", id)))
          .then();
    }
    return Mono.error(ApiException.forbidden("a portal link manages its endpoints only"));
  }

  private static boolean allowedOnEndpoint(HttpMethod method, String action) {
    return switch (action) {
      case "" -> HttpMethod.GET.equals(method) || HttpMethod.PATCH.equals(method);
      case "/attempts", "/health" -> HttpMethod.GET.equals(method);
      default -> HttpMethod.POST.equals(method);
    };
  }

  private static Mono<Void> covered(PortalSession session, String endpointId) {
    return session.covers(endpointId)
        ? Mono.empty()
        : Mono.error(ApiException.notFound("endpoint", endpointId));
  }

  /** Adds the endpoint a 201 names to the session before the answer goes out. */
  private ServerHttpResponseDecorator joinScope(ServerWebExchange exchange, PortalSession session) {
    return new ServerHttpResponseDecorator(exchange.getResponse()) {
      @Override
      public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!HttpStatus.CREATED.equals(getStatusCode())) {
          return super.writeWith(body);
        }
        return DataBufferUtils.join(body)
            .flatMap(
                joined -> {
                  byte[] bytes = new byte[joined.readableByteCount()];
                  joined.read(bytes);
                  DataBufferUtils.release(joined);
                  String id = Json.tree(bytes).path("id").asString("");
                  return sessions
                      .addEndpoint(session.id(), id)
                      .then(super.writeWith(Mono.just(bufferFactory().wrap(bytes))));
                });
      }
    };
  }
}
