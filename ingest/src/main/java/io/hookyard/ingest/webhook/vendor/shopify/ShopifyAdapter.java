package io.hookyard.ingest.webhook.vendor.shopify;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.Signatures;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.VendorAdapter;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.ingest.webhook.vendor.Verdict.Rejected;
import java.time.Instant;

/**
 * Shopify (vendors.md §4, shopify.dev "Verify webhook deliveries"). {@code X-Shopify-Hmac-SHA256}
 * is base64(HMAC-SHA256(app client secret, raw body)); after a secret rotation Shopify may keep
 * using the old secret for up to an hour, hence two secrets. Dedup on {@code X-Shopify-Webhook-Id},
 * event type from {@code X-Shopify-Topic}; the developer-preview "Events" send the same headers
 * without the {@code X-} prefix. The timestamp is not signed and {@code X-Shopify-Triggered-At}
 * keeps the first attempt's time across 4 hours of retries, so no replay window is applied: a
 * window would turn away Shopify's own retries.
 */
public final class ShopifyAdapter implements VendorAdapter {

  @Override
  public String type() {
    return "shopify";
  }

  @Override
  public Verdict verify(InboundRequest request, SourceSpec source, Instant now) {
    String signature = header(request, "hmac-sha256");
    if (signature == null) {
      return Rejected.MISSING_SIGNATURE;
    }
    byte[] given = Signatures.fromBase64(signature);
    for (String secret : source.secrets()) {
      if (Signatures.matches(Signatures.hmacSha256(secret, request.body()), given)) {
        return Verdict.Accepted.of(
            new VendorEvent(
                header(request, "webhook-id"), header(request, "topic"), request.body()));
      }
    }
    return Rejected.BAD_SIGNATURE;
  }

  private static String header(InboundRequest request, String name) {
    String value = request.header("x-shopify-" + name);
    return value != null ? value : request.header("shopify-" + name);
  }
}
