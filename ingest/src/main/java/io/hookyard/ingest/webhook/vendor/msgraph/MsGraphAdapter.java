package io.hookyard.ingest.webhook.vendor.msgraph;

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
 * Microsoft Graph change and lifecycle notifications (vendors.md §7, microsoft-graph-docs-contrib
 * "Receive change notifications through webhooks" and the notificationUrl validation include).
 * Nothing is signed. Creating a subscription POSTs {@code ?validationToken=…}: we answer 200
 * text/plain with the URL-decoded token, unstored. A delivery is {@code {"value":[…]}}, possibly
 * several subscriptions' notifications at once; each must echo a {@code clientState} we know: the
 * source's secrets (several during a rotation) or its {@code client_state} setting. Each element
 * becomes one event, deduplicated by its {@code id} when Graph sends one, typed by {@code
 * changeType} or {@code lifecycleEvent}. The JWT {@code validationTokens} of rich notifications are
 * not checked here.
 */
public final class MsGraphAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "ms-graph";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String token = request.queryParameter("validationToken");
    if (token != null) {
      return new Verdict.Handshake(new Verdict.Reply(200, "text/plain", utf8(token)));
    }
    List<byte[]> items = JsonBodies.fieldArrayElements(request.body(), "value");
    if (items == null || items.isEmpty()) {
      return Rejected.MALFORMED_BODY;
    }
    List<String> known = new ArrayList<>(source.secrets());
    String configured = source.settings().get("client_state");
    if (configured != null) {
      known.add(configured);
    }
    List<VendorEvent> events = new ArrayList<>();
    for (byte[] item : items) {
      JsonNode json = JsonBodies.tree(item);
      String clientState = JsonBodies.text(json, "clientState");
      if (clientState == null) {
        return Rejected.MISSING_SIGNATURE;
      }
      if (!known(known, clientState)) {
        return Rejected.BAD_CREDENTIALS;
      }
      String type = JsonBodies.text(json, "changeType");
      events.add(
          new VendorEvent(
              JsonBodies.text(json, "id"),
              type != null ? type : JsonBodies.text(json, "lifecycleEvent"),
              item));
    }
    return new Verdict.Accepted(events, null);
  }

  private static boolean known(List<String> known, String clientState) {
    boolean match = false;
    for (String candidate : known) {
      match |= Signatures.matches(utf8(candidate), utf8(clientState));
    }
    return match;
  }
}
