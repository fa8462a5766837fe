package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
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

  /**
   * This source with its secrets sealed under {@code box}'s sealing key; the same instance when
   * they all are already.
   *
   * @throws IllegalArgumentException when a secret does not open with {@code box}
   */
  public SourceConfig resealed(SecretBox box) {
    List<SealedSecret> next = secrets.stream().map(box::reseal).toList();
    boolean same = true;
    for (int i = 0; i < next.size(); i++) {
      same &= next.get(i) == secrets.get(i);
    }
    return same ? this : new SourceConfig(id, tenantId, type, next, settings, enabled);
  }

  @Override
  public String entityId() {
    return id.value();
  }
}
