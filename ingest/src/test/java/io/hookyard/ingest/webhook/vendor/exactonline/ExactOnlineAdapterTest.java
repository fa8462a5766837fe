package io.hookyard.ingest.webhook.vendor.exactonline;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmacSha256;
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
  void acceptsTheCheckValue() {
    var event = accepted(adapter.verify(post(URL, BODY), source(SECRET), NOW)).events().get(0);

    assertThat(event.eventType()).isEqualTo("Accounts.Update");
    assertThat(event.body()).isEqualTo(BODY);
  }

  @Test
  void deduplicatesOnTheNotificationAndItsEventTimeNotOnTheBody() {
    String update =
        "{\"Topic\":\"Accounts\",\"ClientId\":\"c\",\"Division\":7,\"Action\":\"Update\","
            + "\"Key\":\"k-1\",\"EventCreatedOn\":\"%s\"}";
    String first = dedupKey(update.formatted("2026-11-22T08:00:00.000"), NOW);
    String redelivered = dedupKey(update.formatted("2026-11-22T08:00:00.000"), NOW.plusSeconds(90));
    String anHourLater = dedupKey(update.formatted("2026-11-22T09:00:00.000"), NOW);

    assertThat(first).isEqualTo(redelivered).isNotEqualTo(anHourLater);
    assertThat(first).contains("7", "Accounts", "k-1", "Update", "2026-11-22T08:00:00.000");
  }

  @Test
  void withoutAnEventTimeTheSameChangeTwiceIsTwoNotifications() {
    var once = accepted(adapter.verify(post(URL, BODY), source(SECRET), NOW)).events().get(0);
    var again =
        accepted(adapter.verify(post(URL, BODY), source(SECRET), NOW.plusSeconds(3600)))
            .events()
            .get(0);

    assertThat(once.dedupKey()).isNotNull().isNotEqualTo(again.dedupKey());
  }

  private String dedupKey(String content, java.time.Instant received) {
    String hashCode = hex(hmacSha256(SECRET, utf8(content))).toUpperCase(java.util.Locale.ROOT);
    byte[] body = utf8("{\"Content\":" + content + ",\"HashCode\":\"" + hashCode + "\"}");
    return accepted(adapter.verify(post(URL, body), source(SECRET), received))
        .events()
        .get(0)
        .dedupKey();
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
