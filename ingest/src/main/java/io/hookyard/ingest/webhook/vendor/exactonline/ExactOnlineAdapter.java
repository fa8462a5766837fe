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
 * bytes sent, never re-serialised. No timestamp is signed. Exact sends no event id: the dedup key
 * is made of the fields that identify a notification ({@link #notificationKey}); the event type is
 * {@code Content.Topic} and {@code Content.Action}, e.g. {@code Accounts.Update}.
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
        return Verdict.Accepted.of(
            new VendorEvent(notificationKey(fields, now), type, request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  /**
   * What tells one notification from another (vendors.md §11): the app, division, topic, record and
   * action, and {@code EventCreatedOn}, when Exact created the event. A redelivery repeats all of
   * them; the same change made again an hour later differs in its event time, so it is routed too,
   * where a hash of the body alone would drop a second identical body within the dedup window.
   * Without {@code EventCreatedOn} the receipt time stands in for it: nothing else tells a second
   * identical change from a redelivery, and dropping a change is worse than passing a redelivery on
   * (a subscriber reads the record from Exact either way).
   */
  static String notificationKey(JsonNode content, Instant received) {
    String created = JsonBodies.text(content, "EventCreatedOn");
    return String.join(
        "/",
        "exact",
        orEmpty(JsonBodies.text(content, "ClientId")),
        orEmpty(JsonBodies.text(content, "Division")),
        orEmpty(JsonBodies.text(content, "Topic")),
        orEmpty(JsonBodies.text(content, "Key")),
        orEmpty(JsonBodies.text(content, "Action")),
        created != null ? created : "received@" + received.toEpochMilli());
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
