package io.hookyard.ingest.webhook.vendor.slack;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.BodyFormat;
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
 * Slack (vendors.md §5: the Java SDK's {@code SlackSignature}, the Python SDK, api.slack.com).
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + ts + ":" + raw body)>} with
 * {@code X-Slack-Request-Timestamp} in unix seconds, refused beyond 5 minutes either way as both
 * SDKs do. A {@code url_verification} request is answered, after verifying, with its {@code
 * challenge} as text/plain and not stored. Events API envelopes are deduplicated by {@code
 * event_id} (unconfirmed in vendors.md, but Slack's retries re-send the same envelope) and typed by
 * {@code event.type}; slash commands and interactivity (form-encoded) carry no event id.
 */
public final class SlackAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "slack";
  }

  /** Slash commands and interactivity are form-encoded. */
  @Override
  public BodyFormat bodyFormat() {
    return BodyFormat.JSON_OR_FORM;
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String signature = request.header("x-slack-signature");
    String timestamp = request.header("x-slack-request-timestamp");
    if (signature == null || timestamp == null || !signature.startsWith("v0=")) {
      return Rejected.MISSING_SIGNATURE;
    }
    Instant sent = Signatures.epochSeconds(timestamp);
    if (sent == null || !Signatures.fresh(sent, now)) {
      return Rejected.STALE_TIMESTAMP;
    }
    byte[] given = Signatures.fromHex(signature.substring(3));
    byte[] signed = Signatures.concat(utf8("v0:" + timestamp.trim() + ":"), request.body());
    for (String secret : source.secrets()) {
      if (Signatures.matches(Signatures.hmacSha256(secret, signed), given)) {
        return verified(request.body());
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static Verdict verified(byte[] body) {
    JsonNode json = JsonBodies.tree(body);
    if ("url_verification".equals(JsonBodies.text(json, "type"))) {
      String challenge = JsonBodies.text(json, "challenge");
      if (challenge == null) {
        return Rejected.MALFORMED_BODY;
      }
      return new Verdict.Handshake(new Verdict.Reply(200, "text/plain", utf8(challenge)));
    }
    String eventType = json == null ? null : JsonBodies.text(json.get("event"), "type");
    return Verdict.Accepted.of(new VendorEvent(JsonBodies.text(json, "event_id"), eventType, body));
  }
}
