package io.hookyard.ingest.webhook.vendor.exactonline;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExactOnlineAdapterTest {

  // vendors.md §11: a self-computed check value following picqer's rule (Exact publishes none)
  static final String SECRET = "webhook-secret";
  static final byte[] BODY = fixture("exactonline/accounts-update.json");
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String URL = "https://hooks.example/in/src_1";

  final ExactOnlineAdapter adapter = new ExactOnlineAdapter();

  @Test
  void acceptsTheCheckValueWithoutADedupKey() {
    var event = accepted(adapter.verify(post(URL, BODY), source(SECRET), NOW)).events().get(0);

    assertThat(event.dedupKey()).isNull();
    assertThat(event.eventType()).isEqualTo("Accounts.Update");
    assertThat(event.body()).isEqualTo(BODY);
  }

  @Test
  void hashesTheContentBytesAsSentEvenWithWhitespace() {
    byte[] spaced = utf8(text(BODY).replace("{\"Content\":", "{ \"Content\" : "));

    accepted(adapter.verify(post(URL, spaced), source(SECRET), NOW));
  }

  @Test
  void refusesATamperedContent() {
    byte[] body = utf8(text(BODY).replace("\"Division\":123456", "\"Division\":123457"));

    rejected(adapter.verify(post(URL, body), source(SECRET), NOW), "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(adapter.verify(post(URL, BODY), source("other-secret"), NOW), "bad_signature");
  }

  @Test
  void refusesAMissingHashCode() {
    rejected(
        adapter.verify(
            post(URL, utf8("{\"Content\":{\"Topic\":\"Accounts\"}}")), source(SECRET), NOW),
        "missing_signature");
    rejected(adapter.verify(post(URL, utf8("garbage")), source(SECRET), NOW), "malformed_body");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(post(URL, BODY), source("old", SECRET), NOW));
  }
}
