package io.hookyard.ingest.webhook.vendor.hubspot;

import static io.hookyard.ingest.webhook.vendor.Signatures.utf8;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * HubSpot request validation (vendors.md §6: developers.hubspot.com, legacydocs v1/v2, the official
 * Python SDK's {@code signature.py}). v3 wins when present: {@code X-HubSpot-Signature-v3} is
 * base64(HMAC-SHA256(client secret, {@code METHOD + URL + raw body + timestamp})) with {@code
 * X-HubSpot-Request-Timestamp} in epoch milliseconds, refused beyond 5 minutes. Otherwise {@code
 * X-HubSpot-Signature} is a plain hex SHA-256 (not an HMAC) of {@code secret + body} (v1, the
 * default) or {@code secret + METHOD + URL + body} (v2, by {@code X-HubSpot-Signature-Version}).
 * The URL is hashed as it reached us, as the official SDK does, and for v3 also percent-decoded as
 * HubSpot's page asks (which escapes exactly is unconfirmed, vendors.md §19). Webhook deliveries
 * are a JSON array of events: each element becomes one event, deduplicated by its {@code eventId}.
 */
public final class HubSpotAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String v3 = request.header("x-hubspot-signature-v3");
    if (v3 != null) {
      return verifyV3(request, source, now, v3);
    }
    String legacy = request.header("x-hubspot-signature");
    if (legacy == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    String version = request.header("x-hubspot-signature-version");
    boolean v2 = version != null && version.trim().toLowerCase(Locale.ROOT).equals("v2");
    byte[] given = Signatures.fromHex(legacy);
    for (String secret : source.secrets()) {
      byte[] signed =
          v2
              ? Signatures.concat(utf8(secret + request.method() + request.url()), request.body())
              : Signatures.concat(utf8(secret), request.body());
      if (Signatures.matches(Signatures.digest("SHA-256", signed), given)) {
        return split(request.body());
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static Verdict verifyV3(
      InboundRequest request, SourceSpec source, Instant now, String signature) {
    String timestamp = request.header("x-hubspot-request-timestamp");
    if (timestamp == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    Instant sent;
    try {
      sent = Instant.ofEpochMilli(Long.parseLong(timestamp.trim()));
    } catch (NumberFormatException e) {
      return Rejected.STALE_TIMESTAMP;
    }
    if (!Signatures.fresh(sent, now)) {
      return Rejected.STALE_TIMESTAMP;
    }
    // a '+' of the base64 has been seen arriving as a space (HubSpot community reports)
    byte[] given = Signatures.fromBase64(signature.trim().replace(' ', '+'));
    for (String uri : uriVariants(request.url().toString())) {
      byte[] signed =
          Signatures.concat(utf8(request.method() + uri), request.body(), utf8(timestamp.trim()));
      for (String secret : source.secrets()) {
        if (Signatures.matches(Signatures.hmacSha256(secret, signed), given)) {
          return split(request.body());
        }
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  /**
   * The URL as received (the official SDK), then percent-decoded (HubSpot's v3 page asks for some
   * escapes to be decoded; which ones is unconfirmed). Trying both weakens nothing: either way the
   * HMAC needs the client secret.
   */
  static Set<String> uriVariants(String url) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(url);
    try {
      variants.add(URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // a malformed escape: only the URL as received is tried
    }
    return variants;
  }

  /** A JSON array becomes one event per element; a single object (workflow, CRM card) one event. */
  private static Verdict split(byte[] body) {
    List<byte[]> elements = JsonBodies.arrayElements(body);
    if (elements == null) {
      JsonNode json = JsonBodies.tree(body);
      if (json == null || !json.isObject()) {
        return Rejected.MALFORMED_BODY;
      }
      return Verdict.Accepted.of(event(json, body));
    }
    List<VendorEvent> events = new ArrayList<>();
    for (byte[] element : elements) {
      JsonNode json = JsonBodies.tree(element);
      if (json == null || !json.isObject()) {
        return Rejected.MALFORMED_BODY;
      }
      events.add(event(json, element));
    }
    return events.isEmpty() ? Rejected.MALFORMED_BODY : new Verdict.Accepted(events, null);
  }

  private static VendorEvent event(JsonNode json, byte[] body) {
    return new VendorEvent(
        JsonBodies.text(json, "eventId"), JsonBodies.text(json, "subscriptionType"), body);
  }
}
