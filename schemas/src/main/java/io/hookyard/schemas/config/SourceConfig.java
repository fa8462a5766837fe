package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inbound webhook source as ingest needs it to verify {@code POST /in/{id}}: the vendor type,
 * its secrets sealed (several while a vendor rotates), and type-specific settings.
 */
public record SourceConfig(
    SourceId id,
    TenantId tenantId,
    String type,
    List<SealedSecret> secrets,
    Map<String, String> settings,
    boolean enabled)
    implements ConfigRecord {

  public SourceConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(type, "type");
    secrets = List.copyOf(secrets == null ? List.of() : secrets);
    settings = Map.copyOf(settings == null ? Map.of() : settings);
  }

  @Override
  public String entityId() {
    return id.value();
  }
}
