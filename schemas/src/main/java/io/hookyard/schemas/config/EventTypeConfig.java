package io.hookyard.schemas.config;

import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.TenantId;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An event type a tenant added to its own catalog: ingest validates that tenant's events of this
 * type against {@code schema} (JSON Schema 2020-12), read from the config view, never PostgreSQL.
 */
public record EventTypeConfig(TenantId tenantId, String name, String description, JsonNode schema)
    implements ConfigRecord {

  public EventTypeConfig {
    Objects.requireNonNull(tenantId, "tenantId");
    if (!EventTypes.isName(name)) {
      throw new IllegalArgumentException("not an event type name: " + name);
    }
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(schema, "schema");
  }

  /** The type's name: one tenant has at most one type of a name. */
  @Override
  public String entityId() {
    return name;
  }
}
