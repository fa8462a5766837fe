package io.hookyard.ingest.webhook.vendor.stripe;

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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Stripe (vendors.md §2, read from stripe-java's {@code Webhook.java}). {@code Stripe-Signature:
 * t=<unix s>,v1=<hex>[,v1=<hex>…]}: HMAC-SHA256 of {@code {t}.{raw body}}, keyed with the {@code
 * whsec_…} string's UTF-8 bytes as is (unlike Standard Webhooks, not base64-decoded); any {@code
 * v1} may match (Stripe sends one per live secret while rolling), other schemes are ignored.
 * stripe-java only refuses old timestamps (300 s); we refuse either way, like every adapter here.
 * The event's {@code id} is the dedup key, its {@code type} the event type.
 */
public final class StripeAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "stripe";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String header = request.header("stripe-signature");
    if (header == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    String timestamp = null;
    List<byte[]> given = new ArrayList<>();
    for (String item : header.split(",")) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = item.substring(0, eq).trim();
      String value = item.substring(eq + 1).trim();
      if (key.equals("t")) {
        timestamp = value;
      } else if (key.equals("v1")) {
        given.add(Signatures.fromHex(value));
      }
    }
    if (timestamp == null || given.isEmpty()) {
      return Rejected.MISSING_SIGNATURE;
    }
    Instant sent = Signatures.epochSeconds(timestamp);
    if (sent == null || !Signatures.fresh(sent, now)) {
      return Rejected.STALE_TIMESTAMP;
    }
    byte[] signed = Signatures.concat(utf8(timestamp + "."), request.body());
    for (String secret : source.secrets()) {
      byte[] expected = Signatures.hmacSha256(secret, signed);
      for (byte[] signature : given) {
        if (Signatures.matches(expected, signature)) {
          return accept(request.body());
        }
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static Verdict accept(byte[] body) {
    JsonNode event = JsonBodies.tree(body);
    String id = JsonBodies.text(event, "id");
    if (id == null) {
      return Rejected.MALFORMED_BODY;
    }
    return Verdict.Accepted.of(new VendorEvent(id, JsonBodies.text(event, "type"), body));
  }
}
