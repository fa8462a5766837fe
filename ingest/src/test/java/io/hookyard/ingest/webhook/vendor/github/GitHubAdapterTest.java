package io.hookyard.ingest.webhook.vendor.github;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmac;
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

class GitHubAdapterTest {

  // vendors.md §3: the vector published on docs.github.com, verbatim
  static final String SECRET = "It's a Secret to Everybody";
  static final byte[] PAYLOAD = utf8("Hello, World!");
  static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  final GitHubAdapter adapter = new GitHubAdapter();

  static InboundRequest request(byte[] body, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "X-GitHub-Delivery",
        DELIVERY,
        "X-GitHub-Event",
        "push",
        "X-Hub-Signature-256",
        signature);
  }

  @Test
  void acceptsTheOfficialVectorAndKeysOnTheDelivery() {
    var event = accepted(adapter.verify(request(PAYLOAD, SIGNATURE), source(SECRET), NOW)).events();

    assertThat(event)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.dedupKey()).isEqualTo(DELIVERY);
              assertThat(e.eventType()).isEqualTo("push");
            });
  }

  @Test
  void acceptsARealisticPush() {
    byte[] body = fixture("github/push.json");

    accepted(
        adapter.verify(
            request(body, "sha256=" + hex(hmacSha256(SECRET, body))), source(SECRET), NOW));
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(PAYLOAD), SIGNATURE), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(request(PAYLOAD, SIGNATURE), source("It's a secret to everybody"), NOW),
        "bad_signature");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(
        adapter.verify(
            post("https://h/in/s", PAYLOAD, "X-GitHub-Delivery", DELIVERY), source(SECRET), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(request(PAYLOAD, SIGNATURE), source("old", SECRET), NOW));
  }

  @Test
  void checksTheLegacySha1HeaderOnlyWhenAlone() {
    String sha1 = "sha1=" + hex(hmac("HmacSHA1", utf8(SECRET), PAYLOAD));
    var legacy = post("https://h/in/s", PAYLOAD, "X-Hub-Signature", sha1);
    var both =
        post(
            "https://h/in/s", PAYLOAD, "X-Hub-Signature", sha1, "X-Hub-Signature-256", "sha256=00");

    accepted(adapter.verify(legacy, source(SECRET), NOW));
    rejected(adapter.verify(both, source(SECRET), NOW), "bad_signature");
  }
}
