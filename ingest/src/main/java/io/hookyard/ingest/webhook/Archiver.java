package io.hookyard.ingest.webhook;

import io.hookyard.ingest.archive.BlobStore;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;

/**
 * Stores bodies too large for Kafka in the blob store ahead of the Kafka write, under {@code
 * tenant/source/date/in_….body}; the record travels with that key as a claim check. The archive of
 * every accepted request is not written here: it is filled from {@code hookyard.inbound.raw} after
 * Kafka has the record, off the request path ({@code io.hookyard.ingest.archive.InboundArchive}).
 */
final class Archiver {
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
}
