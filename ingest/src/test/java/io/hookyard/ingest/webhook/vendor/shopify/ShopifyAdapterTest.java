package io.hookyard.ingest.webhook.vendor.shopify;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmacSha256;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShopifyAdapterTest {

  // vendors.md §4/§18: a self-computed check value (Shopify publishes none)
  static final String SECRET = "hush";
  static final byte[] CHECK_BODY = utf8("{\"id\":1}");
  static final String CHECK_SIGNATURE = "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=";
  static final byte[] BODY = fixture("shopify/orders-create.json");
  static final String WEBHOOK_ID = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";
  static final Instant NOW = Instant.parse("2026-11-22T14:00:00Z");

  final ShopifyAdapter adapter = new ShopifyAdapter();

  static InboundRequest request(byte[] body, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "X-Shopify-Topic",
        "orders/create",
        "X-Shopify-Webhook-Id",
        WEBHOOK_ID,
        "X-Shopify-Triggered-At",
        "2026-11-22T09:00:00Z",
        "X-Shopify-Hmac-Sha256",
        signature);
  }

  @Test
  void acceptsTheCheckValue() {
    accepted(adapter.verify(request(CHECK_BODY, CHECK_SIGNATURE), source(SECRET), NOW));
  }

  @Test
  void acceptsAnOrderKeyedOnTheWebhookIdEvenHoursAfterTheTrigger() {
    var event =
        accepted(
                adapter.verify(
                    request(BODY, base64(hmacSha256(SECRET, BODY))), source(SECRET), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo(WEBHOOK_ID);
    assertThat(event.eventType()).isEqualTo("orders/create");
  }

  @Test
  void acceptsTheUnprefixedEventsHeaders() {
    var request =
        post(
            "https://h/in/s",
            CHECK_BODY,
            "Shopify-Hmac-Sha256",
            CHECK_SIGNATURE,
            "Shopify-Webhook-Id",
            "w1");

    assertThat(accepted(adapter.verify(request, source(SECRET), NOW)).events().get(0).dedupKey())
        .isEqualTo("w1");
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(CHECK_BODY), CHECK_SIGNATURE), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(request(CHECK_BODY, CHECK_SIGNATURE), source("hush2"), NOW),
        "bad_signature");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(
        adapter.verify(post("https://h/in/s", CHECK_BODY), source(SECRET), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheOldSecretDuringTheHourAfterARotation() {
    accepted(adapter.verify(request(CHECK_BODY, CHECK_SIGNATURE), source("new", SECRET), NOW));
  }
}
