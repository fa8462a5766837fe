package io.hookyard.ingest.webhook.vendor.jira;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;

/**
 * Jira Cloud admin webhooks registered with a secret (vendors.md §13; secondary sources:
 * trigger.dev, n8n, jira.js). {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>},
 * the WebSub {@code method=signature} form, so the GitHub test vector applies. Nothing is
 * timestamped. {@code X-Atlassian-Webhook-Identifier} stays the same across retries and is the
 * dedup key; the body's {@code webhookEvent} is the event type. Connect-app webhooks (JWT) are not
 * covered.
 */
public final class JiraAdapter implements VendorAdapter {

  private static final String PREFIX = "sha256=";

  @Override
  public String type() {
    return "jira";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String header = request.header("x-hub-signature");
    if (header == null || !header.startsWith(PREFIX)) {
      return Rejected.MISSING_SIGNATURE;
    }
    byte[] given = Signatures.fromHex(header.substring(PREFIX.length()));
    for (String secret : source.secrets()) {
      if (Signatures.matches(Signatures.hmacSha256(secret, request.body()), given)) {
        String event = JsonBodies.text(JsonBodies.tree(request.body()), "webhookEvent");
        return Verdict.Accepted.of(
            new VendorEvent(
                request.header("x-atlassian-webhook-identifier"), event, request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }
}
