package io.hookyard.schemas.config;

import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.util.Objects;

/**
 * A tenant's field mapping for one source: a JSONata expression the inbound topology applies to
 * each catalog event's {@code data} after the vendor mapper. Its own config entry, keyed {@code
 * tenant/src_…/mapping}, so changing it never touches the source's secrets.
 */
public record SourceMappingConfig(SourceId sourceId, TenantId tenantId, String expression)
    implements ConfigRecord {

  public SourceMappingConfig {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(tenantId, "tenantId");
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a mapping has an expression");
    }
  }

  @Override
  public String entityId() {
    return entityIdOf(sourceId);
  }

  public static String entityIdOf(SourceId source) {
    return source.value() + "/mapping";
  }

  public static String keyOf(TenantId tenant, SourceId source) {
    return ConfigRecord.keyOf(tenant, entityIdOf(source));
  }
}
