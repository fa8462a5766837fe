package io.hookyard.http.ratelimit;

import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import java.time.Clock;
import java.util.Map;
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
    TokenBucket.Decision decision = limiter.take(tenant.tenantId());
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-RateLimit-Limit", Integer.toString(decision.limit()));
    headers.set("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
    headers.set(
        "X-RateLimit-Reset",
        Long.toString(clock.instant().getEpochSecond() + decision.secondsUntilFull()));
    if (!decision.allowed()) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
      return Mono.error(
          new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "rate_limited",
              "more than "
                  + decision.limit()
                  + " requests a minute; retry after "
                  + decision.retryAfterSeconds()
                  + " s",
              Map.of("retry_after_seconds", decision.retryAfterSeconds())));
    }
    return chain.filter(exchange);
  }
}
