package io.hookyard.ingest.webhook.vendor.zendesk;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.concat;
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

class ZendeskAdapterTest {

  // vendors.md §12/§18: Zendesk's static test secret with a third-party check value
  static final String SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
  static final String TS = "2021-03-25T05:09:27Z";
  static final byte[] VECTOR = utf8("{\"event\":\"ticket.updated\",\"id\":123}");
  static final String VECTOR_SIGNATURE = "S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=";
  static final Instant NOW = Instant.parse(TS);

  final ZendeskAdapter adapter = new ZendeskAdapter();

  static InboundRequest request(byte[] body, String ts, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "X-Zendesk-Webhook-Signature",
        signature,
        "X-Zendesk-Webhook-Signature-Timestamp",
        ts);
  }

  static String sign(String secret, String ts, byte[] body) {
    return base64(hmacSha256(secret, concat(utf8(ts), body)));
  }

  @Test
  void acceptsTheCheckValueOfATriggerWebhookWithoutAnId() {
    var event =
        accepted(adapter.verify(request(VECTOR, TS, VECTOR_SIGNATURE), source(SECRET), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isNull();
  }

  @Test
  void keysAnEventSubscriptionOnTheEventId() {
    byte[] body = fixture("zendesk/ticket-created.json");
    String ts = "2026-11-22T08:59:01Z";

    var event =
        accepted(
                adapter.verify(
                    request(body, ts, sign(SECRET, ts, body)), source(SECRET), Instant.parse(ts)))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo("cbe4028c-7239-495d-b020-f22348516046");
    assertThat(event.eventType()).isEqualTo("zen:event-type:ticket.created");
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(VECTOR), TS, VECTOR_SIGNATURE), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(request(VECTOR, TS, VECTOR_SIGNATURE), source("other"), NOW),
        "bad_signature");
  }

  @Test
  void refusesTimestampsOutsideFiveMinutesEitherWay() {
    var request = request(VECTOR, TS, VECTOR_SIGNATURE);

    rejected(adapter.verify(request, source(SECRET), NOW.plusSeconds(301)), "stale_timestamp");
    rejected(adapter.verify(request, source(SECRET), NOW.minusSeconds(301)), "stale_timestamp");
  }

  @Test
  void refusesAMissingSignature() {
    var request = post("https://h/in/s", VECTOR, "X-Zendesk-Webhook-Signature-Timestamp", TS);

    rejected(adapter.verify(request, source(SECRET), NOW), "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(request(VECTOR, TS, VECTOR_SIGNATURE), source("old", SECRET), NOW));
  }
}
