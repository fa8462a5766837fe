package io.hookyard.http.auth;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.ApiKeyConfig;
import io.hookyard.schemas.view.ConfigView;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every {@code /api/v1} request by its bearer key and records the {@link Principal}
 * for the handler. Tenant keys are looked up in the config view, never in PostgreSQL; a key the
 * view does not know yet is looked up again after the view caught up, so a key works the moment its
 * creation returned.
 */
public final class ApiKeyAuthFilter implements WebFilter, Ordered {
  /** Before {@link io.hookyard.http.ratelimit.RateLimitFilter}, which needs the principal. */
  public static final int ORDER = 0;

  static final String ATTRIBUTE = Principal.class.getName();
  private static final String BEARER = "Bearer ";
  private static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final OperatorKey operatorKey;
  private final ConfigView view;

  public ApiKeyAuthFilter(OperatorKey operatorKey, ConfigView view) {
    this.operatorKey = operatorKey;
    this.view = view;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith("/api/v1/")
        || path.startsWith("/api/v1/openapi.json")
        || exchange.getAttribute(ATTRIBUTE) != null) {
      return chain.filter(exchange);
    }
    return authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
        .flatMap(
            principal -> {
              exchange.getAttributes().put(ATTRIBUTE, principal);
              return chain.filter(exchange);
            });
  }

  /**
   * Records the caller of an exchange that a filter running before this one authenticated by other
   * means (a customer portal link's token); this filter then leaves the exchange alone.
   */
  public static void authenticated(ServerWebExchange exchange, Principal principal) {
    exchange.getAttributes().put(ATTRIBUTE, principal);
  }

  /**
   * The caller an {@code Authorization} header names, or the 401 to answer: for routes served on
   * reactor-netty ahead of WebFlux (the publish route), which this filter does not see.
   */
  public Mono<Principal> authenticate(String header) {
    if (header == null || !header.startsWith(BEARER) || header.length() == BEARER.length()) {
      return Mono.error(ApiException.unauthorized("send Authorization: Bearer <api key>"));
    }
    String key = header.substring(BEARER.length()).trim();
    return resolve(key).switchIfEmpty(Mono.error(ApiException.unauthorized("unknown API key")));
  }

  private Mono<Principal> resolve(String key) {
    if (operatorKey.matches(key)) {
      return Mono.just(new Principal.Operator());
    }
    if (!key.startsWith(ApiKeys.PREFIX)) {
      return Mono.empty();
    }
    String hash = ApiKeys.hash(key);
    Optional<ApiKeyConfig> known = view.apiKeyByHash(hash);
    if (known.isPresent()) {
      return Mono.just(tenant(known.get()));
    }
    return Mono.fromFuture(() -> view.catchUp(CATCH_UP))
        .onErrorResume(e -> Mono.empty())
        .then(Mono.fromSupplier(() -> view.apiKeyByHash(hash).map(ApiKeyAuthFilter::tenant)))
        .flatMap(Mono::justOrEmpty);
  }

  private static Principal tenant(ApiKeyConfig key) {
    return new Principal.Tenant(key.tenantId(), key.id());
  }
}
