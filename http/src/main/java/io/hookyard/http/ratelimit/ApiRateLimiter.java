package io.hookyard.http.ratelimit;

import io.hookyard.schemas.config.TenantConfig;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.view.ConfigView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant API rate limits: the tenant's own limit from the config view, else the operator's
 * default ({@code hookyard.api.rate-limit-per-minute}). Buckets live in this process, so with N API
 * instances behind a load balancer a tenant may reach up to N times its limit; the limit protects
 * each instance, not a global quota.
 */
public final class ApiRateLimiter {
  private final ConfigView view;
  private final int defaultLimit;
  private final LongSupplier nanoClock;
  private final Map<TenantId, TokenBucket> buckets = new ConcurrentHashMap<>();

  public ApiRateLimiter(ConfigView view, int defaultLimit) {
    this(view, defaultLimit, System::nanoTime);
  }

  ApiRateLimiter(ConfigView view, int defaultLimit, LongSupplier nanoClock) {
    if (defaultLimit < 1) {
      throw new IllegalArgumentException("hookyard.api.rate-limit-per-minute must be positive");
    }
    this.view = view;
    this.defaultLimit = defaultLimit;
    this.nanoClock = nanoClock;
  }

  TokenBucket.Decision take(TenantId tenant) {
    int limit =
        view.tenant(tenant)
            .map(TenantConfig::apiRateLimitPerMinute)
            .filter(l -> l != null)
            .orElse(defaultLimit);
    long now = nanoClock.getAsLong();
    return buckets.computeIfAbsent(tenant, t -> new TokenBucket(limit, now)).take(limit, now);
  }
}
