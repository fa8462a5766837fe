package io.hookyard.ingest.webhook.vendor.standardwebhooks;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.SourceSpec;
import io.hookyard.ingest.webhook.vendor.support.VendorRequests;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhooksAdapterTest {

  // vendors.md §1: the official vector of the Standard Webhooks libraries, verbatim
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TS = 1614265330;
  static final String PAYLOAD = "{\"test\": 2432232314}";
  static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  static final Instant NOW = Instant.ofEpochSecond(TS);
  static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  final StandardWebhooksAdapter adapter = new StandardWebhooksAdapter();

  static InboundRequest request(byte[] body, String timestamp, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "webhook-id",
        ID,
        "webhook-timestamp",
        timestamp,
        "webhook-signature",
        signature);
  }

  @Test
  void acceptsTheOfficialVector() {
    var verdict = adapter.verify(request(utf8(PAYLOAD), "" + TS, SIGNATURE), source(SECRET), NOW);

    assertThat(accepted(verdict).events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.dedupKey()).isEqualTo(ID);
              assertThat(text(event.body())).isEqualTo(PAYLOAD);
            });
  }

  @Test
  void acceptsSvixHeadersAndMixedCase() {
    var request =
        post(
            "https://hooks.example/in/src_1",
            utf8(PAYLOAD),
            "Svix-Id",
            ID,
            "Svix-Timestamp",
            "" + TS,
            "Svix-Signature",
            SIGNATURE);

    assertThat(accepted(adapter.verify(request, source(SECRET), NOW)).events().get(0).dedupKey())
        .isEqualTo(ID);
  }

  @Test
  void acceptsTheGoodEntryAmongBadOnes() {
    String header = "v1,invalid_signature v2," + SIGNATURE.substring(3) + " " + SIGNATURE;

    accepted(adapter.verify(request(utf8(PAYLOAD), "" + TS, header), source(SECRET), NOW));
  }

  @Test
  void refusesAnotherVersionPrefix() {
    String header = "v2," + SIGNATURE.substring(3);

    rejected(
        adapter.verify(request(utf8(PAYLOAD), "" + TS, header), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(utf8(PAYLOAD)), "" + TS, SIGNATURE), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(request(utf8(PAYLOAD), "" + TS, SIGNATURE), source(OTHER), NOW),
        "bad_signature");
  }

  @Test
  void refusesTimestampsOutsideFiveMinutesEitherWay() {
    var request = request(utf8(PAYLOAD), "" + TS, SIGNATURE);

    rejected(adapter.verify(request, source(SECRET), NOW.plusSeconds(301)), "stale_timestamp");
    rejected(adapter.verify(request, source(SECRET), NOW.minusSeconds(301)), "stale_timestamp");
    accepted(adapter.verify(request, source(SECRET), NOW.plusSeconds(300)));
  }

  @Test
  void refusesAMissingSignatureHeader() {
    var request =
        post("https://h/in/s", utf8(PAYLOAD), "webhook-id", ID, "webhook-timestamp", "" + TS);

    rejected(adapter.verify(request, source(SECRET), NOW), "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(
        adapter.verify(request(utf8(PAYLOAD), "" + TS, SIGNATURE), source(OTHER, SECRET), NOW));
  }

  @Test
  void acceptsWhatTheOfficialLibrarySigns() throws Exception {
    byte[] body = fixture("standardwebhooks/invoice-paid.json");
    String signature = new Webhook(SECRET).sign("msg_2", TS + 10, text(body));
    var request =
        post(
            "https://h/in/s",
            body,
            "webhook-id",
            "msg_2",
            "webhook-timestamp",
            "" + (TS + 10),
            "webhook-signature",
            signature);

    var event = accepted(adapter.verify(request, source(SECRET), NOW)).events().get(0);
    assertThat(event.dedupKey()).isEqualTo("msg_2");
    assertThat(event.eventType()).isEqualTo("invoice.paid");
  }

  @Test
  void theOfficialLibraryAcceptsWhatASenderWeModelSigns() {
    // the library checks against the system clock, so this request is signed now
    long now = Instant.now().getEpochSecond();
    byte[] body = fixture("standardwebhooks/invoice-paid.json");
    byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
    String signed = "msg_3." + now + "." + text(body);
    String signature =
        "v1," + VendorRequests.base64(VendorRequests.hmac("HmacSHA256", key, utf8(signed)));
    SourceSpec source = source(SECRET);

    var request =
        post(
            "https://h/in/s",
            body,
            "webhook-id",
            "msg_3",
            "webhook-timestamp",
            "" + now,
            "webhook-signature",
            signature);

    accepted(adapter.verify(request, source, Instant.ofEpochSecond(now)));
    assertThatCode(
            () ->
                new Webhook(SECRET)
                    .verify(
                        text(body),
                        Map.of(
                            "webhook-id", List.of("msg_3"),
                            "webhook-timestamp", List.of("" + now),
                            "webhook-signature", List.of(signature))))
        .doesNotThrowAnyException();
  }
}
