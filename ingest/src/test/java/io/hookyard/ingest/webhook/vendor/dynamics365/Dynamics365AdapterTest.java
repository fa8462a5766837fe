package io.hookyard.ingest.webhook.vendor.dynamics365;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Dynamics365AdapterTest {

  static final String KEY = "k3y-from-the-plugin-registration-tool";
  static final byte[] BODY = fixture("dynamics365/remote-execution-context.json");
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String URL = "https://hooks.example/in/src_1";
  static final Map<String, String> HEADER = Map.of("header", "X-Hookyard-Key");

  final Dynamics365Adapter adapter = new Dynamics365Adapter();

  @Test
  void acceptsTheWebhookKeyAsCodeAndKeysOnTheOperationId() {
    var event =
        accepted(adapter.verify(post(URL + "?code=" + KEY, BODY), source(KEY), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo("b1e5f2a0-1d7e-4c2b-9a55-3f3a2d1c0e9f");
    assertThat(event.eventType()).isEqualTo("Create");
  }

  @Test
  void acceptsAStaticHeader() {
    accepted(adapter.verify(post(URL, BODY, "X-Hookyard-Key", KEY), source(HEADER, KEY), NOW));
  }

  @Test
  void acceptsANamedQueryParameter() {
    accepted(
        adapter.verify(
            post(URL + "?token=" + KEY, BODY), source(Map.of("query_param", "token"), KEY), NOW));
  }

  @Test
  void refusesAWrongKey() {
    rejected(adapter.verify(post(URL + "?code=nope", BODY), source(KEY), NOW), "bad_credentials");
    rejected(
        adapter.verify(post(URL, BODY, "X-Hookyard-Key", KEY + "x"), source(HEADER, KEY), NOW),
        "bad_credentials");
  }

  @Test
  void refusesAMissingKey() {
    rejected(adapter.verify(post(URL, BODY), source(KEY), NOW), "missing_signature");
    rejected(
        adapter.verify(post(URL + "?code=" + KEY, BODY), source(HEADER, KEY), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondKeyDuringARotation() {
    accepted(adapter.verify(post(URL + "?code=" + KEY, BODY), source("old", KEY), NOW));
  }

  @Test
  void refusesABodyThatIsNoExecutionContext() {
    // nothing signs the body: a tampered one is caught only when it stops being an object
    rejected(
        adapter.verify(post(URL + "?code=" + KEY, utf8("[1,2]")), source(KEY), NOW),
        "malformed_body");
  }
}
