package io.hookyard.streams.inbound;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Standard Webhooks payloads follow the spec's convention {@code {"type", "timestamp", "data"}}.
 * When {@code type} names a built-in catalog type the event becomes that catalog event with {@code
 * data}; when it names a type the record's tenant registered itself ({@code POST
 * /api/v1/event-types}) it becomes that tenant's type, for that tenant only; otherwise it is {@code
 * vendor.standard_webhooks.<type>} with {@code data}.
 *
 * <p>A tenant type's {@code data} must match the tenant's schema, as a published event must. The
 * sender was already answered, so a 422 is no longer possible: an event that breaks the schema
 * fails its record, which goes to {@code hookyard.streams.dead} with the fields named in its
 * headers, as {@link FieldMapping} does with a mapping that breaks a catalog type's schema.
 * Built-in types are passed on as they come, as before.
 */
final class StandardWebhooksMapper implements VendorMapper {
  private final EventCatalog catalog;

  StandardWebhooksMapper(EventCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals("standard-webhooks") && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    return map(record, null);
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record, TenantTypes tenantTypes) {
    JsonNode payload = Json.tree(record.body());
    String type = payload.path("type").asString("");
    JsonNode data = payload.path("data");
    if (type.isEmpty() || !data.isObject()) {
      return VendorMapper.fallback(record);
    }
    byte[] json = Json.write(data);
    String eventType;
    if (catalog.find(type).isPresent()) {
      eventType = type;
    } else {
      Optional<EventType> own =
          tenantTypes == null || !EventTypes.isName(type)
              ? Optional.empty()
              : tenantTypes.find(record.tenantId(), type);
      if (own.isPresent()) {
        requireValid(own.get(), json);
        eventType = type;
      } else {
        eventType =
            "vendor." + VendorMapper.segment(record.vendor()) + "." + VendorMapper.segment(type);
      }
    }
    return List.of(VendorMapper.envelope(record, 0, eventType, json));
  }

  private static void requireValid(EventType type, byte[] json) {
    List<EventType.Violation> violations = type.validate(new String(json, StandardCharsets.UTF_8));
    if (!violations.isEmpty()) {
      throw new FieldMapping.MappingException(
          "the event breaks the tenant's schema of "
              + type.name()
              + " at "
              + violations.stream().map(EventType.Violation::field).toList());
    }
  }
}
