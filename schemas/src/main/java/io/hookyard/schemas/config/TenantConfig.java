package io.hookyard.schemas.config;

import io.hookyard.schemas.id.TenantId;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's settings as the data plane needs them: its API rate limit (null: the operator's
 * default) and which vendor integrations are switched off, so the API edge and ingest act on them
 * without asking PostgreSQL.
 *
 * @param integrations vendor name to on/off; a vendor not named is on
 */
public record TenantConfig(
    TenantId tenantId, Integer apiRateLimitPerMinute, Map<String, Boolean> integrations)
    implements ConfigRecord {

  public TenantConfig {
    Objects.requireNonNull(tenantId, "tenantId");
    if (apiRateLimitPerMinute != null && apiRateLimitPerMinute < 1) {
      throw new IllegalArgumentException("apiRateLimitPerMinute must be positive");
    }
    integrations = Map.copyOf(integrations == null ? Map.of() : integrations);
  }

  @Override
  public String entityId() {
    return tenantId.value();
  }

  /** Whether the tenant has {@code vendor} switched on (the default). */
  public boolean integrationEnabled(String vendor) {
    return integrations.getOrDefault(vendor, Boolean.TRUE);
  }
}
