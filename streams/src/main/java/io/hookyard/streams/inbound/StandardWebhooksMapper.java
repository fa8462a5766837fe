package io.hookyard.streams.inbound;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Standard Webhooks payloads follow the spec's convention {@code {"type", "timestamp", "data"}}.
 * When {@code type} names a catalog type the event becomes that catalog event with {@code data};
 * otherwise it is {@code vendor.standard_webhooks.<type>} with {@code data}.
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
    JsonNode payload = Json.tree(record.body());
    String type = payload.path("type").asString("");
    JsonNode data = payload.path("data");
    if (type.isEmpty() || !data.isObject()) {
      return VendorMapper.fallback(record);
    }
    String catalogType =
        catalog.find(type).isPresent()
            ? type
            : "vendor." + VendorMapper.segment(record.vendor()) + "." + VendorMapper.segment(type);
    return List.of(VendorMapper.envelope(record, 0, catalogType, Json.write(data)));
  }
}
