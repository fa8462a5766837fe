package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes reported by syncs (ingest marks them with {@code hookyard-origin: sync}): {@code
 * created}, {@code updated} or {@code deleted} of a vendor record becomes {@code
 * <resource>.<change>} — {@code contact.updated} with the record's catalog fields and, where the
 * vendor tells, {@code changed_fields} — or {@code vendor.<vendor>.<entity>.<change>} with the
 * record as sent where the catalog has no such resource. {@code data.source} says {@code {"kind":
 * "sync", "sync_id", "connection_id", "vendor", "entity", "object_id"}}; the subject is the record
 * id, so changes of one record keep their order.
 */
final class SyncChangeMapper implements VendorMapper {
  static final String ORIGIN_HEADER = "hookyard-origin";

  private final Map<String, SyncRecords> vendors;

  SyncChangeMapper(Map<String, SyncRecords> vendors) {
    this.vendors = Map.copyOf(vendors);
  }

  @Override
  public boolean handles(InboundRecord record) {
    return "sync".equals(record.headers().get(ORIGIN_HEADER)) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode change = Json.tree(record.body());
    String entity = change.path("entity").asString();
    String kind = change.path("change").asString();
    String recordId = change.path("record_id").asString();
    SyncRecords mapping = vendors.get(record.vendor());
    String resource = mapping == null ? null : mapping.resource(entity);
    ObjectNode data = Json.mapper().createObjectNode();
    String type;
    JsonNode vendorRecord = change.path("record");
    if (resource == null) {
      type =
          "vendor."
              + VendorMapper.segment(record.vendor())
              + "."
              + VendorMapper.segment(entity)
              + "."
              + kind;
      data.put("id", recordId);
      if (vendorRecord.isObject()) {
        data.set("record", vendorRecord);
      }
    } else {
      type = resource + "." + kind;
      data.put("id", recordId);
      if (!kind.equals("deleted") && vendorRecord.isObject()) {
        mapping.fill(entity, vendorRecord, data);
      }
      if (change.path("changed_fields").size() > 0) {
        var fields = data.putArray("changed_fields");
        change.path("changed_fields").forEach(f -> fields.add(mapping.field(entity, f.asString())));
      }
    }
    ObjectNode source = data.putObject("source");
    source.put("kind", "sync");
    source.put("sync_id", change.path("sync_id").asString());
    source.put("connection_id", change.path("connection_id").asString());
    source.put("vendor", record.vendor());
    source.put("entity", entity);
    source.put("object_id", recordId);
    EventId id = new EventId(Ids.derived(EventId.PREFIX, record.id(), "0"));
    return List.of(
        new EventEnvelope(
            id, record.tenantId(), type, recordId, record.receivedAt(), Json.write(data)));
  }
}
