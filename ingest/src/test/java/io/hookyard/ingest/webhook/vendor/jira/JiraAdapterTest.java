package io.hookyard.ingest.webhook.vendor.jira;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
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

class JiraAdapterTest {

  // vendors.md §13: Jira signs like GitHub, so GitHub's published vector applies
  static final String SECRET = "It's a Secret to Everybody";
  static final byte[] VECTOR = utf8("Hello, World!");
  static final String VECTOR_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  static final byte[] BODY = fixture("jira/issue-updated.json");
  static final String DELIVERY = "d6a3e1f0-3b7e-4a54-9a8b-0c1d2e3f4a5b";
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  final JiraAdapter adapter = new JiraAdapter();

  static InboundRequest request(byte[] body, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "X-Atlassian-Webhook-Identifier",
        DELIVERY,
        "X-Hub-Signature",
        signature);
  }

  static String sign(String secret, byte[] body) {
    return "sha256=" + hex(hmacSha256(secret, body));
  }

  @Test
  void acceptsThePublishedVector() {
    accepted(adapter.verify(request(VECTOR, VECTOR_SIGNATURE), source(SECRET), NOW));
  }

  @Test
  void acceptsAnIssueEventKeyedOnTheWebhookIdentifier() {
    var event =
        accepted(adapter.verify(request(BODY, sign(SECRET, BODY)), source(SECRET), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo(DELIVERY);
    assertThat(event.eventType()).isEqualTo("jira:issue_updated");
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(BODY), sign(SECRET, BODY)), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(request(BODY, sign("other", BODY)), source(SECRET), NOW), "bad_signature");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(
        adapter.verify(post("https://h/in/s", BODY), source(SECRET), NOW), "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(request(BODY, sign(SECRET, BODY)), source("old", SECRET), NOW));
  }
}
