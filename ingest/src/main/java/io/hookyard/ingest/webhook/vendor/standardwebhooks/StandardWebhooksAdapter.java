package io.hookyard.ingest.webhook.vendor.standardwebhooks;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks (and Svix's {@code svix-*} headers): HMAC-SHA256 over {@code id.timestamp.body}
 * with the base64-decoded {@code whsec_} key; {@code v1,<base64>} entries, space-separated;
 * 5-minute tolerance (vendors.md §1).
 */
public final class StandardWebhooksAdapter implements VendorAdapter {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  @Override
  public String type() {
    return "standard-webhooks";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String id = first(request, "webhook-id", "svix-id");
    String timestamp = first(request, "webhook-timestamp", "svix-timestamp");
    String signatures = first(request, "webhook-signature", "svix-signature");
    if (id == null || timestamp == null || signatures == null) {
      return new Verdict.Rejected("missing_signature");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return new Verdict.Rejected("stale_timestamp");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return new Verdict.Rejected("stale_timestamp");
    }
    byte[] content =
        concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), request.body());
    for (String secret : source.secrets()) {
      byte[] expected = sign(secret, content);
      for (String entry : signatures.split(" ")) {
        if (entry.startsWith("v1,") && matches(expected, entry.substring(3))) {
          return Verdict.Accepted.of(new VendorEvent(id, null, request.body()));
        }
      }
    }
    return new Verdict.Rejected("bad_signature");
  }

  private static boolean matches(byte[] expected, String base64) {
    try {
      return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] sign(String secret, byte[] content) {
    String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static String first(InboundRequest request, String name, String alternative) {
    String value = request.header(name);
    return value != null ? value : request.header(alternative);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
