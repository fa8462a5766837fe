package io.hookyard.ingest.webhook.vendor.stripe;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.concat;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmacSha256;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Stripe publishes no fixed vector (vendors.md §18): stripe-java 29.0.0 is the oracle. */
class StripeAdapterTest {

  static final String SECRET = "whsec_8c3f6a2b1d0e4f5a6b7c8d9e0f1a2b3c";
  static final String OLD_SECRET = "whsec_0000aaaabbbbccccddddeeeeffff1111";
  static final long TS = 1763802000;
  static final Instant NOW = Instant.ofEpochSecond(TS);
  static final byte[] BODY = fixture("stripe/payment_intent.succeeded.json");

  final StripeAdapter adapter = new StripeAdapter();

  /** What stripe-java computes: {@code Util.computeHmacSha256(secret, t + "." + payload)}. */
  static String stripeHeader(String secret, long ts, byte[] body) throws Exception {
    return "t=" + ts + ",v1=" + Webhook.Util.computeHmacSha256(secret, ts + "." + text(body));
  }

  static InboundRequest request(byte[] body, String header) {
    return post("https://hooks.example/in/src_1", body, "Stripe-Signature", header);
  }

  @Test
  void acceptsWhatStripeJavaSignsAndKeysOnTheEventId() throws Exception {
    var verdict =
        adapter.verify(request(BODY, stripeHeader(SECRET, TS, BODY)), source(SECRET), NOW);

    var event = accepted(verdict).events().get(0);
    assertThat(event.dedupKey()).isEqualTo("evt_3PqR8sLkdIwHu7ix0mT2aBcD");
    assertThat(event.eventType()).isEqualTo("payment_intent.succeeded");
    assertThat(event.body()).isEqualTo(BODY);
  }

  @Test
  void stripeJavaAcceptsWhatASenderWeModelSigns() throws Exception {
    String header =
        "t=" + TS + ",v1=" + hex(hmacSha256(SECRET, concat(utf8(TS + "."), BODY))) + ",v0=ignored";

    accepted(adapter.verify(request(BODY, header), source(SECRET), NOW));
    assertThat(
            Webhook.Signature.verifyHeader(
                text(BODY), header, SECRET, 300, Clock.fixed(NOW, ZoneOffset.UTC)))
        .isTrue();
  }

  @Test
  void refusesATamperedBody() throws Exception {
    rejected(
        adapter.verify(
            request(tampered(BODY), stripeHeader(SECRET, TS, BODY)), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() throws Exception {
    rejected(
        adapter.verify(request(BODY, stripeHeader(SECRET, TS, BODY)), source(OLD_SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesTimestampsOutsideFiveMinutesEitherWay() throws Exception {
    var request = request(BODY, stripeHeader(SECRET, TS, BODY));

    rejected(adapter.verify(request, source(SECRET), NOW.plusSeconds(301)), "stale_timestamp");
    rejected(adapter.verify(request, source(SECRET), NOW.minusSeconds(301)), "stale_timestamp");
  }

  @Test
  void refusesAMissingHeaderOrOneWithoutV1() {
    rejected(
        adapter.verify(post("https://h/in/s", BODY), source(SECRET), NOW), "missing_signature");
    rejected(
        adapter.verify(request(BODY, "t=" + TS + ",v0=abc"), source(SECRET), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretAndAnyV1WhileRolling() throws Exception {
    String header =
        stripeHeader(SECRET, TS, BODY)
            + ",v1="
            + hex(hmacSha256(OLD_SECRET, concat(utf8(TS + "."), BODY)));

    accepted(adapter.verify(request(BODY, header), source(OLD_SECRET, SECRET), NOW));
    accepted(
        adapter.verify(
            request(BODY, stripeHeader(SECRET, TS, BODY)), source(OLD_SECRET, SECRET), NOW));
  }

  @Test
  void refusesAVerifiedBodyWithoutAnEventId() throws Exception {
    byte[] body = utf8("{\"object\":\"event\"}");

    rejected(
        adapter.verify(request(body, stripeHeader(SECRET, TS, body)), source(SECRET), NOW),
        "malformed_body");
  }
}
