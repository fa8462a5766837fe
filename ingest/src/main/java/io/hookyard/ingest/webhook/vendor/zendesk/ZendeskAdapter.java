package io.hookyard.ingest.webhook.vendor.zendesk;

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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Zendesk webhooks (vendors.md §12, developer.zendesk.com "Verifying webhook authenticity"). {@code
 * X-Zendesk-Webhook-Signature} is base64(HMAC-SHA256(signing secret as UTF-8, {@code
 * {timestamp}{raw body}})) where the timestamp is {@code X-Zendesk-Webhook-Signature-Timestamp}, an
 * ISO-8601 text (secondary source). Zendesk prescribes no window; we apply our 5 minutes either
 * way. Webhooks subscribed to Zendesk events carry {@code id} and a {@code zen:event-type:…} {@code
 * type}: the id is the dedup key. Trigger webhooks have a body of the admin's making and no
 * documented id, so their dedup key is left null.
 */
public final class ZendeskAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "zendesk";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String signature = request.header("x-zendesk-webhook-signature");
    String timestamp = request.header("x-zendesk-webhook-signature-timestamp");
    if (signature == null || timestamp == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    Instant sent = parse(timestamp);
    if (sent == null || !Signatures.fresh(sent, now)) {
      return Rejected.STALE_TIMESTAMP;
    }
    byte[] given = Signatures.fromBase64(signature);
    byte[] signed = Signatures.concat(utf8(timestamp), request.body());
    for (String secret : source.secrets()) {
      if (Signatures.matches(Signatures.hmacSha256(secret, signed), given)) {
        return Verdict.Accepted.of(event(request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static VendorEvent event(byte[] body) {
    JsonNode json = JsonBodies.tree(body);
    String type = JsonBodies.text(json, "type");
    if (type != null && type.startsWith("zen:event-type:")) {
      return new VendorEvent(JsonBodies.text(json, "id"), type, body);
    }
    return new VendorEvent(null, null, body);
  }

  private static Instant parse(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
