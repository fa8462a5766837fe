package io.hookyard.streams.inbound;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.id.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The event types tenants registered themselves ({@code POST /api/v1/event-types}), as the global
 * config store holds them: each type's JSON Schema under its config key ({@code tenant/name}). One
 * per processor; a schema is compiled once and again only when it changes. A schema that does not
 * load counts as no type, as it does for the config view.
 */
final class TenantTypes {
  private final ReadOnlyKeyValueStore<String, String> store;
  private final Map<String, Compiled> compiled = new HashMap<>();

  TenantTypes(ReadOnlyKeyValueStore<String, String> store) {
    this.store = store;
  }

  Optional<EventType> find(TenantId tenant, String name) {
    String key = ConfigRecord.keyOf(tenant, name);
    String schema = store.get(key);
    if (schema == null) {
      compiled.remove(key);
      return Optional.empty();
    }
    Compiled current = compiled.get(key);
    if (current == null || !current.schema().equals(schema)) {
      current = new Compiled(schema, load(name, schema));
      compiled.put(key, current);
    }
    return Optional.ofNullable(current.type());
  }

  private static EventType load(String name, String schema) {
    try {
      return EventCatalog.tenantType(name, "", schema);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private record Compiled(String schema, EventType type) {}
}
