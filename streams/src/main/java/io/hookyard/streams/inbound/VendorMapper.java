package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps one vendor's events onto the catalog ({@code contact.created}, {@code invoice.paid}, …). One
 * small class per vendor. Event ids are derived from the inbound record, so a replay of the same
 * inbound record yields the same catalog event ids.
 */
interface VendorMapper {

  boolean handles(InboundRecord record);

  List<EventEnvelope> map(InboundRecord record);

  /**
   * The same, for mappers whose result depends on the event types the record's tenant registered
   * itself; others ignore them.
   */
  default List<EventEnvelope> map(InboundRecord record, TenantTypes tenantTypes) {
    return map(record);
  }

  /**
   * Anything no mapper knows: {@code vendor.<vendor>.<event>} carrying the original payload (or,
   * for a claim-checked body, where the archive holds it).
   */
  static List<EventEnvelope> fallback(InboundRecord record) {
    String event = record.vendorEventType() != null ? record.vendorEventType() : "event";
    String type = "vendor." + segment(record.vendor()) + "." + segment(event);
    byte[] data;
    if (record.body() == null) {
      ObjectNode ref = Json.mapper().createObjectNode();
      ref.put("blob_key", record.blobKey());
      data = Json.write(ref);
    } else {
      data = isJsonObject(record.body()) ? record.body() : wrapText(record.body());
    }
    return List.of(envelope(record, 0, type, data));
  }

  static EventEnvelope envelope(InboundRecord record, int index, String type, byte[] data) {
    EventId id = new EventId(Ids.derived(EventId.PREFIX, record.id(), Integer.toString(index)));
    return new EventEnvelope(id, record.tenantId(), type, null, record.receivedAt(), data);
  }

  /** A catalog-safe name segment: lower case, letters, digits and underscores. */
  static String segment(String text) {
    String cleaned =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
      cleaned = "x" + cleaned;
    }
    return cleaned;
  }

  private static boolean isJsonObject(byte[] body) {
    try {
      JsonNode tree = Json.tree(body);
      return tree.isObject();
    } catch (Json.JsonException e) {
      return false;
    }
  }

  private static byte[] wrapText(byte[] body) {
    ObjectNode wrapper = Json.mapper().createObjectNode();
    wrapper.put("raw", new String(body, StandardCharsets.UTF_8));
    return Json.write(wrapper);
  }
}
