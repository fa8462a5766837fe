package io.hookyard.schemas.inbound;

import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One verified vendor event on {@code hookyard.inbound.raw}, keyed {@code tenant/source/dedup key}.
 * Written only after the signature was checked and before the vendor got its 2xx. Streams
 * deduplicates on the key and normalizes the body to a catalog event.
 *
 * @param id {@code in_…}, also the archive's file name
 * @param dedupKey the vendor's own event id (or a hash of the body when it sends none)
 * @param vendorEventType the vendor's event name when the request told it, else null
 * @param headers the request headers worth keeping, secrets and signatures removed
 * @param body the payload, or null when it travels as {@code blobKey} (claim check)
 * @param blobKey where the archive holds the payload; set for bodies too large for Kafka
 */
public record InboundRecord(
    String id,
    TenantId tenantId,
    SourceId sourceId,
    String vendor,
    String dedupKey,
    String vendorEventType,
    Instant receivedAt,
    Map<String, String> headers,
    byte[] body,
    String blobKey) {

  public static final String PREFIX = "in";

  public InboundRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(receivedAt, "receivedAt");
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    if ((body == null) == (blobKey == null)) {
      throw new IllegalArgumentException(
          "an inbound record carries its body or a blob key, not both");
    }
  }

  /** The record key: dedup happens per tenant, source and vendor event id. */
  public String key() {
    return tenantId.value() + "/" + sourceId.value() + "/" + dedupKey;
  }

  @Override
  public String toString() {
    return "InboundRecord[" + id + " " + vendor + " " + dedupKey + "]";
  }
}
