package io.hookyard.ingest.webhook;

import io.hookyard.ingest.archive.BlobStore;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps every accepted vendor request in the blob store, keyed {@code tenant/source/date/in_…}:
 * headers (secrets removed) and the body as received. Bodies too large for Kafka are written first
 * and travel as a claim check; the archive copy of everything else is written after the vendor got
 * its answer and never delays it.
 */
final class Archiver {
  private static final Logger log = LoggerFactory.getLogger(Archiver.class);

  private final BlobStore blobs;

  Archiver(BlobStore blobs) {
    this.blobs = blobs;
  }

  static String folder(TenantId tenant, SourceId source, Instant receivedAt) {
    return tenant.value()
        + "/"
        + source.value()
        + "/"
        + receivedAt.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Stores a large body ahead of Kafka; emits its blob key. */
  Mono<String> storeBody(String folder, String id, byte[] body) {
    String key = folder + "/" + id + ".body";
    return blobs.put(key, body).thenReturn(key);
  }

  /** Archives the record in the background; a failure is logged, never surfaced to the vendor. */
  void archive(InboundRecord record, byte[] body) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", record.id());
    entry.put("vendor", record.vendor());
    entry.put("dedup_key", record.dedupKey());
    entry.put("received_at", record.receivedAt().toString());
    entry.put("headers", record.headers());
    entry.put("body_base64", Base64.getEncoder().encodeToString(body));
    blobs
        .put(
            folder(record.tenantId(), record.sourceId(), record.receivedAt())
                + "/"
                + record.id()
                + ".json",
            Json.write(entry))
        .subscribe(
            null,
            e -> log.warn("archive of {} failed: {}", record.id(), e.getClass().getSimpleName()));
  }
}
