package io.hookyard.ingest.webhook.vendor.exactonline;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online webhooks (vendors.md §11; from picqer/exact-php-client's {@code Authenticatable}, as
 * Exact's own docs were not available). No header: the body is {@code
 * {"Content":{…},"HashCode":"…"}} and HashCode is the upper-case hex HMAC-SHA256, keyed with the
 * app's webhook secret, of the raw JSON text of the {@code Content} value, taken here as the exact
 * bytes sent, never re-serialised. No timestamp is signed. Exact sends no event id and the HashCode
 * is a function of the content, so the dedup key is left null (the body's hash then serves); the
 * event type is {@code Content.Topic} and {@code Content.Action}, e.g. {@code Accounts.Update}.
 */
public final class ExactOnlineAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "exact-online";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    JsonNode json = JsonBodies.tree(request.body());
    String hashCode = JsonBodies.text(json, "HashCode");
    if (hashCode == null) {
      return json == null ? Rejected.MALFORMED_BODY : Rejected.MISSING_SIGNATURE;
    }
    byte[] content = JsonBodies.fieldObject(request.body(), "Content");
    if (content == null) {
      return Rejected.MALFORMED_BODY;
    }
    byte[] given = Signatures.fromHex(hashCode);
    for (String secret : source.secrets()) {
      if (Signatures.matches(Signatures.hmacSha256(secret, content), given)) {
        JsonNode fields = json.get("Content");
        String topic = JsonBodies.text(fields, "Topic");
        String action = JsonBodies.text(fields, "Action");
        String type = topic == null ? null : action == null ? topic : topic + "." + action;
        return Verdict.Accepted.of(new VendorEvent(null, type, request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }
}
