package io.hookyard.ingest.webhook.vendor.twilio;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmac;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioAdapterTest {

  // vendors.md §14: the twilio-java RequestValidatorTest vectors, verbatim
  static final String TOKEN = "12345";
  static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  static final byte[] FORM =
      utf8(
          "Digits=1234&CallSid=CA1234567890ABCDE&To=%2B18005551212&Caller=%2B14158675309"
              + "&From=%2B14158675309");
  static final String FORM_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
  static final byte[] JSON = utf8("{\"property\": \"value\", \"boolean\": true}");
  static final String BODY_HASH =
      "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
  static final String JSON_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4=";
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String FORM_TYPE = "application/x-www-form-urlencoded";

  final TwilioAdapter adapter = new TwilioAdapter();

  static InboundRequest form(String url, byte[] body, String signature) {
    return post(url, body, "Content-Type", FORM_TYPE, "X-Twilio-Signature", signature);
  }

  static InboundRequest json(String url, byte[] body, String signature) {
    return post(url, body, "Content-Type", "application/json", "X-Twilio-Signature", signature);
  }

  @Test
  void acceptsTheOfficialFormVector() {
    accepted(adapter.verify(form(URL, FORM, FORM_SIGNATURE), source(TOKEN), NOW));
  }

  @Test
  void acceptsTheOfficialJsonVectorsWhereOnlyTheUrlIsSigned() {
    accepted(
        adapter.verify(
            json(URL + "&bodySHA256=" + BODY_HASH, JSON, JSON_SIGNATURE), source(TOKEN), NOW));
    accepted(
        adapter.verify(
            json(
                "https://mycompany.com/myapp.php?bodySHA256=" + BODY_HASH,
                JSON,
                "y77kIzt2vzLz71DgmJGsen2scGs="),
            source(TOKEN),
            NOW));
  }

  @Test
  void acceptsTheUrlWithTheDefaultPortAsTheSdkDoes() {
    accepted(
        adapter.verify(
            form("https://mycompany.com:443/myapp.php?foo=1&bar=2", FORM, FORM_SIGNATURE),
            source(TOKEN),
            NOW));
  }

  @Test
  void refusesATamperedFormOrJsonBody() {
    rejected(
        adapter.verify(form(URL, tampered(FORM), FORM_SIGNATURE), source(TOKEN), NOW),
        "bad_signature");
    rejected(
        adapter.verify(
            json(URL + "&bodySHA256=" + BODY_HASH, tampered(JSON), JSON_SIGNATURE),
            source(TOKEN),
            NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongToken() {
    rejected(
        adapter.verify(form(URL, FORM, FORM_SIGNATURE), source("54321"), NOW), "bad_signature");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(
        adapter.verify(post(URL, FORM, "Content-Type", FORM_TYPE), source(TOKEN), NOW),
        "missing_signature");
  }

  @Test
  void acceptsThePromotedSecondTokenDuringARotation() {
    accepted(adapter.verify(form(URL, FORM, FORM_SIGNATURE), source("old", TOKEN), NOW));
  }

  @Test
  void keysOnTheIdempotencyTokenWhenTwilioSendsOne() {
    var request =
        post(
            URL,
            FORM,
            "Content-Type",
            FORM_TYPE,
            "X-Twilio-Signature",
            FORM_SIGNATURE,
            "I-Twilio-Idempotency-Token",
            "a1b2c3");

    assertThat(accepted(adapter.verify(request, source(TOKEN), NOW)).events().get(0).dedupKey())
        .isEqualTo("a1b2c3");
  }

  @Test
  void theSdkAgreesWithASenderWeModel() throws Exception {
    byte[] body = fixture("twilio/message-status.form");
    String url = "https://hooks.example/in/src_1";
    Map<String, String> params = new java.util.TreeMap<>();
    for (String pair : text(body).split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    StringBuilder signed = new StringBuilder(url);
    params.forEach((k, v) -> signed.append(k).append(v));
    String signature = base64(hmac("HmacSHA1", utf8(TOKEN), utf8(signed.toString())));

    accepted(adapter.verify(form(url, body, signature), source(TOKEN), NOW));
    assertThat(new RequestValidator(TOKEN).validate(url, params, signature)).isTrue();
    assertThat(
            new RequestValidator(TOKEN)
                .validate(URL + "&bodySHA256=" + BODY_HASH, text(JSON), JSON_SIGNATURE))
        .isTrue();
  }

  @Test
  void triesTheUrlWithAndWithoutTheDefaultPort() {
    assertThat(TwilioAdapter.urlVariants(URI.create("https://a.example/x?y=1")))
        .containsExactly("https://a.example/x?y=1", "https://a.example:443/x?y=1");
    assertThat(TwilioAdapter.urlVariants(URI.create("http://a.example:80/x")))
        .containsExactly("http://a.example:80/x", "http://a.example/x");
    assertThat(TwilioAdapter.urlVariants(URI.create("https://a.example:8443/x")))
        .containsExactly("https://a.example:8443/x");
  }

  @Test
  void refusesAJsonBodyThatNoBodyHashCovers() {
    rejected(
        adapter.verify(json(URL, JSON, FORM_SIGNATURE), source(TOKEN), NOW), "missing_signature");
  }
}
