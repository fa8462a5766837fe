package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.Change;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sync's change as an inbound record of its vendor, so it takes the webhook's path from here:
 * dedup, normalization (streams' sync mapper turns it into {@code contact.updated} and the like),
 * the tenant's mapping, routing. The vendor event id — the dedup key — is vendor, entity, record id
 * and version, so a replayed change is dropped by the inbound dedup too.
 */
final class ChangeRecords {
  /** The header streams recognises a sync's change by. */
  static final String ORIGIN_HEADER = "hookyard-origin";

  private ChangeRecords() {}

  static InboundRecord inbound(SyncConfig sync, Change change, String kind, Instant now) {
    String dedupKey =
        sync.vendor() + "/" + sync.entity() + "/" + change.recordId() + "/" + change.version();
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("kind", "sync");
    body.put("sync_id", sync.id().value());
    body.put("connection_id", sync.connectionId().value());
    body.put("entity", sync.entity());
    body.put("change", kind);
    body.put("record_id", change.recordId());
    body.put("version", change.version());
    var fields = body.putArray("changed_fields");
    change.changedFields().forEach(fields::add);
    if (change.record() != null) {
      body.set("record", change.record());
    }
    return new InboundRecord(
        Ids.derived(InboundRecord.PREFIX, sync.id().value(), dedupKey),
        sync.tenantId(),
        SyncConfig.sourceIdOf(sync.id()),
        sync.vendor(),
        dedupKey,
        "sync." + sync.entity() + "." + kind,
        now,
        Map.of(ORIGIN_HEADER, "sync"),
        Json.write(body),
        null);
  }
}
