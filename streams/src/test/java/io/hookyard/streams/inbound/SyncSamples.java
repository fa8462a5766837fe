package io.hookyard.streams.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** A sync's change of one vendor record, as ingest writes it, mapped by that vendor's table. */
final class SyncSamples {
  private SyncSamples() {}

  static EventEnvelope map(
      String vendor, SyncRecords records, String entity, String change, String recordJson) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("kind", "sync");
    body.put("sync_id", "syn_1");
    body.put("connection_id", "con_1");
    body.put("entity", entity);
    body.put("change", change);
    body.put("record_id", "r-1");
    body.put("version", "v1");
    body.putArray("changed_fields");
    if (recordJson != null) {
      body.set("record", Json.tree(recordJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    InboundRecord record =
        new InboundRecord(
            Ids.next("in"),
            TenantId.next(),
            SourceId.next(),
            vendor,
            vendor + "/" + entity + "/r-1/v1",
            "sync." + entity + "." + change,
            VendorSamples.RECEIVED,
            Map.of(SyncChangeMapper.ORIGIN_HEADER, "sync"),
            Json.write(body),
            null);
    SyncChangeMapper mapper = new SyncChangeMapper(Map.of(vendor, records));
    assertThat(mapper.handles(record)).isTrue();
    List<EventEnvelope> events = mapper.map(record);
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
