package io.hookyard.schemas.inbound;

import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * @param headers the request headers worth keeping: whatever the caller passes, names that carry
 *     credentials or signatures are dropped here (see {@link #isCredential}), so neither Kafka nor
 *     the raw archive ever holds them
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

  /** Parts of a header name that mark it as a credential or a signature (see isCredential). */
  private static final List<String> CREDENTIAL_PARTS =
      List.of("auth", "signature", "hmac", "secret", "token", "password", "key");

  public InboundRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(receivedAt, "receivedAt");
    headers = withoutCredentials(headers == null ? Map.of() : headers);
    if ((body == null) == (blobKey == null)) {
      throw new IllegalArgumentException(
          "an inbound record carries its body or a blob key, not both");
    }
  }

  /**
   * Whether a header, by its name, carries a credential or a signature: {@code Authorization},
   * {@code Cookie}, API keys, tokens, and every vendor's signature header ({@code
   * webhook-signature}, {@code Stripe-Signature}, {@code X-Hub-Signature-256}, {@code
   * X-Shopify-Hmac-Sha256}, {@code X-Slack-Signature}, …). A signature is no secret, but it proves
   * nothing once stored and the archive promises to hold neither. A source that takes its secret in
   * a header of its own naming must drop that header before it gets here.
   */
  public static boolean isCredential(String headerName) {
    String name = headerName.toLowerCase(Locale.ROOT);
    for (String part : CREDENTIAL_PARTS) {
      if (name.contains(part)) {
        return true;
      }
    }
    return name.equals("cookie") || name.equals("set-cookie");
  }

  private static Map<String, String> withoutCredentials(Map<String, String> headers) {
    Map<String, String> kept = new HashMap<>(headers.size());
    headers.forEach(
        (name, value) -> {
          if (!isCredential(name)) {
            kept.put(name, value);
          }
        });
    return Map.copyOf(kept);
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
