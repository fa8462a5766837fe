package io.hookyard.ingest.webhook.vendor.hmac;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmac;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacAdapterTest {

  static final String SECRET = "s3cr3t-for-tests";
  static final byte[] BODY = fixture("hmac/order-shipped.json");
  static final Instant NOW = Instant.ofEpochSecond(1763802000);
  static final Map<String, String> GITHUB_LIKE =
      Map.of("header", "X-Signature", "prefix", "sha256=", "id_header", "X-Delivery");
  static final Map<String, String> TIMESTAMPED =
      Map.of(
          "header", "X-Sig",
          "algorithm", "sha512",
          "encoding", "base64",
          "timestamp_header", "X-Sig-Time",
          "signed_content", "{timestamp}.{body}");

  final HmacAdapter adapter = new HmacAdapter();

  static String sha256Hex(String secret, byte[] body) {
    return "sha256=" + hex(hmac("HmacSHA256", utf8(secret), body));
  }

  @Test
  void acceptsAPrefixedHexSha256AndKeysOnTheIdHeader() {
    var request =
        post("https://h/in/s", BODY, "X-Signature", sha256Hex(SECRET, BODY), "X-Delivery", "d-1");

    var event = accepted(adapter.verify(request, source(GITHUB_LIKE, SECRET), NOW)).events().get(0);
    assertThat(event.dedupKey()).isEqualTo("d-1");
  }

  @Test
  void reproducesTheGitHubVectorThroughSettings() {
    var request =
        post(
            "https://h/in/s",
            utf8("Hello, World!"),
            "X-Signature",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

    accepted(adapter.verify(request, source(GITHUB_LIKE, "It's a Secret to Everybody"), NOW));
  }

  @Test
  void signsATimestampTemplateWithSha512Base64() {
    String ts = "" + NOW.getEpochSecond();
    byte[] signed = utf8(ts + "." + new String(BODY, java.nio.charset.StandardCharsets.UTF_8));
    String signature = base64(hmac("HmacSHA512", utf8(SECRET), signed));
    var request = post("https://h/in/s", BODY, "X-Sig", signature, "X-Sig-Time", ts);

    accepted(adapter.verify(request, source(TIMESTAMPED, SECRET), NOW));
    rejected(
        adapter.verify(request, source(TIMESTAMPED, SECRET), NOW.plusSeconds(301)),
        "stale_timestamp");
    rejected(
        adapter.verify(request, source(TIMESTAMPED, SECRET), NOW.minusSeconds(301)),
        "stale_timestamp");
    rejected(
        adapter.verify(
            post("https://h/in/s", BODY, "X-Sig", signature), source(TIMESTAMPED, SECRET), NOW),
        "missing_signature");
  }

  @Test
  void readsMillisecondAndRfc3339Timestamps() {
    assertThat(HmacSettings.parseTimestamp("1763802000000")).isEqualTo(NOW);
    assertThat(HmacSettings.parseTimestamp("2025-11-22T09:00:00Z")).isEqualTo(NOW);
    assertThat(HmacSettings.parseTimestamp("yesterday")).isNull();
  }

  @Test
  void refusesATamperedBody() {
    var request = post("https://h/in/s", tampered(BODY), "X-Signature", sha256Hex(SECRET, BODY));

    rejected(adapter.verify(request, source(GITHUB_LIKE, SECRET), NOW), "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    var request = post("https://h/in/s", BODY, "X-Signature", sha256Hex("other", BODY));

    rejected(adapter.verify(request, source(GITHUB_LIKE, SECRET), NOW), "bad_signature");
  }

  @Test
  void refusesAMissingHeaderOrPrefix() {
    rejected(
        adapter.verify(post("https://h/in/s", BODY), source(GITHUB_LIKE, SECRET), NOW),
        "missing_signature");
    rejected(
        adapter.verify(
            post(
                "https://h/in/s", BODY, "X-Signature", hex(hmac("HmacSHA256", utf8(SECRET), BODY))),
            source(GITHUB_LIKE, SECRET),
            NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    var request = post("https://h/in/s", BODY, "X-Signature", sha256Hex(SECRET, BODY));

    accepted(adapter.verify(request, source(GITHUB_LIKE, "old", SECRET), NOW));
  }

  @Test
  void refusesABrokenConfigurationLoudly() {
    var request = post("https://h/in/s", BODY, "X-Signature", "x");

    assertThatThrownBy(() -> adapter.verify(request, source(Map.of(), SECRET), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                adapter.verify(
                    request,
                    source(Map.of("header", "X-Signature", "algorithm", "md5"), SECRET),
                    NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                adapter.verify(
                    request,
                    source(
                        Map.of("header", "X-Signature", "signed_content", "{timestamp}"), SECRET),
                    NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
