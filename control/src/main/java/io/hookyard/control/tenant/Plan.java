package io.hookyard.control.tenant;

import io.hookyard.http.error.ApiException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A tenant's plan, which sets its API requests per minute unless the operator gave the tenant a
 * limit of its own. {@code free} is the operator's default ({@code
 * hookyard.api.rate-limit-per-minute}, 100 unless configured), so tenants never changed keep it.
 */
enum Plan {
  FREE(null),
  PRO(500),
  ENTERPRISE(2000);

  private final Integer apiRateLimitPerMinute;

  Plan(Integer apiRateLimitPerMinute) {
    this.apiRateLimitPerMinute = apiRateLimitPerMinute;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The limit this plan puts on the config topic; null means the operator's default. */
  Integer apiRateLimitPerMinute() {
    return apiRateLimitPerMinute;
  }

  /** The limit a tenant on this plan gets, given the operator's default. */
  int effectiveLimit(Integer override, int operatorDefault) {
    if (override != null) {
      return override;
    }
    return apiRateLimitPerMinute == null ? operatorDefault : apiRateLimitPerMinute;
  }

  static Plan of(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst().orElse(FREE);
  }

  /** The plan a request names, or 422 on {@code field}. */
  static Plan checked(String id, String field) {
    return Arrays.stream(values())
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(() -> ApiException.invalidField(field, "one of free, pro, enterprise"));
  }
}
