package io.hookyard.http.ratelimit;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts every request a tenant key makes, in ingest and control alike, and answers 429 with {@code
 * Retry-After} past the limit. Every tenant answer carries {@code X-RateLimit-Limit}, {@code
 * X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (Unix seconds when the allowance is full
 * again, as GitHub sends it). Runs after authentication; operator calls are not limited.
 */
public final class RateLimitFilter implements WebFilter, Ordered {
  /** Right after {@link io.hookyard.http.auth.ApiKeyAuthFilter}. */
  public static final int ORDER = 10;

  private final ApiRateLimiter limiter;
  private final Clock clock;

  public RateLimitFilter(ApiRateLimiter limiter, Clock clock) {
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!(Principal.of(exchange) instanceof Principal.Tenant tenant)) {
      return chain.filter(exchange);
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    ApiException limited = take(tenant, headers::set);
    return limited == null ? chain.filter(exchange) : Mono.error(limited);
  }

  /**
   * Takes one request from the tenant's allowance, writing the {@code X-RateLimit-*} (and, past the
   * limit, {@code Retry-After}) headers through {@code header}; answers the 429 to send, or null.
   * For routes served on reactor-netty ahead of WebFlux as well as for this filter.
   */
  public ApiException take(Principal.Tenant tenant, BiConsumer<String, String> header) {
    TokenBucket.Decision decision = limiter.take(tenant.tenantId());
    header.accept("X-RateLimit-Limit", Integer.toString(decision.limit()));
    header.accept("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
    header.accept(
        "X-RateLimit-Reset",
        Long.toString(clock.instant().getEpochSecond() + decision.secondsUntilFull()));
    if (decision.allowed()) {
      return null;
    }
    header.accept(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS,
        "rate_limited",
        "more than "
            + decision.limit()
            + " requests a minute; retry after "
            + decision.retryAfterSeconds()
            + " s",
        Map.of("retry_after_seconds", decision.retryAfterSeconds()));
  }
}
