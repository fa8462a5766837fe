package io.hookyard.schemas.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hookyard.schemas.id.TenantId;

/**
 * One entry of the compacted {@code hookyard.config} topic. Control writes these through its
 * outbox; streams, dispatch and ingest build their in-memory views from them, so the hot path never
 * reads PostgreSQL. The record key is {@link #key()}; a tombstone (null value) removes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = EndpointConfig.class, name = "endpoint"),
  @JsonSubTypes.Type(value = ApiKeyConfig.class, name = "api_key"),
  @JsonSubTypes.Type(value = SourceConfig.class, name = "source"),
  @JsonSubTypes.Type(value = TenantConfig.class, name = "tenant"),
  @JsonSubTypes.Type(value = EventTypeConfig.class, name = "event_type"),
  @JsonSubTypes.Type(value = SourceMappingConfig.class, name = "source_mapping"),
  @JsonSubTypes.Type(value = ConnectionConfig.class, name = "connection"),
  @JsonSubTypes.Type(value = SyncConfig.class, name = "sync")
})
public sealed interface ConfigRecord
    permits EndpointConfig,
        ApiKeyConfig,
        SourceConfig,
        TenantConfig,
        EventTypeConfig,
        SourceMappingConfig,
        ConnectionConfig,
        SyncConfig {
  TenantId tenantId();

  /** The entity's own id, for example {@code ep_…}. */
  String entityId();

  /** The Kafka key: tenant and entity, so a view can scan one tenant's entries by prefix. */
  default String key() {
    return keyOf(tenantId(), entityId());
  }

  static String keyOf(TenantId tenant, String entityId) {
    return tenant.value() + "/" + entityId;
  }
}
