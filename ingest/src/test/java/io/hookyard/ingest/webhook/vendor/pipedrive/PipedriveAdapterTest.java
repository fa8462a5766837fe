package io.hookyard.ingest.webhook.vendor.pipedrive;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.base64;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.InboundRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipedriveAdapterTest {

  static final String PASSWORD = "correct horse battery staple";
  static final Map<String, String> USER = Map.of("user", "hookyard");
  static final byte[] V2 = fixture("pipedrive/deal-change-v2.json");
  static final byte[] V1 = fixture("pipedrive/deal-updated-v1.json");
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  final PipedriveAdapter adapter = new PipedriveAdapter();

  static InboundRequest request(byte[] body, String user, String password) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "Authorization",
        "Basic " + base64(utf8(user + ":" + password)));
  }

  @Test
  void acceptsV2AndKeysOnTheChangeNotTheAttempt() {
    var event =
        accepted(adapter.verify(request(V2, "hookyard", PASSWORD), source(USER, PASSWORD), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo("311:deal:42:2026-11-22T08:59:30.123Z");
    assertThat(event.eventType()).isEqualTo("deal.change");
  }

  @Test
  void acceptsV1() {
    var event =
        accepted(adapter.verify(request(V1, "hookyard", PASSWORD), source(USER, PASSWORD), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo("311:deal:42:1763801970123456");
    assertThat(event.eventType()).isEqualTo("updated.deal");
  }

  @Test
  void refusesAWrongPasswordOrUser() {
    rejected(
        adapter.verify(request(V2, "hookyard", "wrong"), source(USER, PASSWORD), NOW),
        "bad_credentials");
    rejected(
        adapter.verify(request(V2, "mallory", PASSWORD), source(USER, PASSWORD), NOW),
        "bad_credentials");
  }

  @Test
  void refusesMissingOrMalformedCredentials() {
    rejected(
        adapter.verify(post("https://h/in/s", V2), source(USER, PASSWORD), NOW),
        "missing_signature");
    rejected(
        adapter.verify(
            post("https://h/in/s", V2, "Authorization", "Bearer abc"), source(USER, PASSWORD), NOW),
        "missing_signature");
    rejected(
        adapter.verify(
            post("https://h/in/s", V2, "Authorization", "Basic " + base64(utf8("nocolon"))),
            source(USER, PASSWORD),
            NOW),
        "bad_credentials");
  }

  @Test
  void acceptsTheSecondPasswordDuringARotation() {
    accepted(adapter.verify(request(V2, "hookyard", PASSWORD), source(USER, "old", PASSWORD), NOW));
  }

  @Test
  void refusesABodyThatIsNotJson() {
    rejected(
        adapter.verify(request(utf8("<html>"), "hookyard", PASSWORD), source(USER, PASSWORD), NOW),
        "malformed_body");
  }
}
