package io.hookyard.ingest.webhook.vendor.standardwebhooks;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Standard Webhooks 1.0 and Svix (vendors.md §1). The sender signs {@code
 * {webhook-id}.{webhook-timestamp}.{raw body}} with HMAC-SHA256; the key is the base64 part of the
 * {@code whsec_…} secret, decoded. {@code webhook-signature} lists space-separated {@code
 * v1,<base64>} entries (several during a rotation; other versions are ignored). Svix sends the same
 * headers prefixed {@code svix-}. The timestamp (unix seconds) must be within 5 minutes either way,
 * as in the official libraries; {@code webhook-id} is the dedup key.
 */
public final class StandardWebhooksAdapter implements VendorAdapter {
  private static final Pattern SPACES = Pattern.compile(" +");

  @Override
  public String type() {
    return "standard-webhooks";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String prefix = request.header("webhook-signature") != null ? "webhook-" : "svix-";
    String id = request.header(prefix + "id");
    String timestamp = request.header(prefix + "timestamp");
    String signatures = request.header(prefix + "signature");
    if (id == null || timestamp == null || signatures == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    Instant sent = Signatures.epochSeconds(timestamp);
    if (sent == null || !Signatures.fresh(sent, now)) {
      return Rejected.STALE_TIMESTAMP;
    }
    byte[] signed = Signatures.concat(utf8(id + "." + timestamp.trim() + "."), request.body());
    for (String secret : source.secrets()) {
      byte[] key = key(secret);
      if (key == null) {
        continue;
      }
      byte[] expected = Signatures.hmac("HmacSHA256", key, signed);
      for (String entry : SPACES.split(signatures.trim())) {
        if (entry.startsWith("v1,")
            && Signatures.matches(expected, Signatures.fromBase64(entry.substring(3)))) {
          String type = JsonBodies.topLevelText(request.body(), "type");
          return Verdict.Accepted.of(new VendorEvent(id, type, request.body()));
        }
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static byte[] key(String secret) {
    return Signatures.fromBase64(secret.startsWith("whsec_") ? secret.substring(6) : secret);
  }
}
