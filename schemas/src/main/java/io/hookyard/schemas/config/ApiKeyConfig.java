package io.hookyard.schemas.config;

import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.util.Objects;

/**
 * A tenant API key as the data plane sees it: only the SHA-256 of the key, never the key.
 *
 * @param keyHash lower-case hex SHA-256 of the whole {@code hk_…} key
 */
public record ApiKeyConfig(ApiKeyId id, TenantId tenantId, String keyHash) implements ConfigRecord {
  public ApiKeyConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    if (keyHash == null || !keyHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("keyHash must be a hex SHA-256");
    }
  }

  @Override
  public String entityId() {
    return id.value();
  }
}
