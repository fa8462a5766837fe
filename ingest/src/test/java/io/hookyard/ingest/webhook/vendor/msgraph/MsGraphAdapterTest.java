package io.hookyard.ingest.webhook.vendor.msgraph;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsGraphAdapterTest {

  static final String CLIENT_STATE = "secretClientValue";
  static final byte[] BODY = fixture("msgraph/notifications.json");
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final String URL = "https://hooks.example/in/src_1";

  final MsGraphAdapter adapter = new MsGraphAdapter();

  @Test
  void answersTheValidationTokenDecodedAsPlainText() {
    var request =
        post(
            URL + "?validationToken=Validation%3a+Testing+client+application+reachability",
            new byte[0],
            "Content-Type",
            "text/plain; charset=utf-8");

    var verdict = adapter.verify(request, source(CLIENT_STATE), NOW);

    assertThat(verdict).isInstanceOf(Verdict.Handshake.class);
    var reply = ((Verdict.Handshake) verdict).reply();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("text/plain");
    assertThat(text(reply.body())).isEqualTo("Validation: Testing client application reachability");
  }

  @Test
  void splitsTheValueArrayIntoEventsKeyedOnTheNotificationId() {
    List<VendorEvent> events =
        accepted(adapter.verify(post(URL, BODY), source(CLIENT_STATE), NOW)).events();

    assertThat(events)
        .extracting(VendorEvent::dedupKey)
        .containsExactly("lsgTZMr9KwAAA", "lsgTZMr9KwAAB");
    assertThat(events).extracting(VendorEvent::eventType).containsExactly("created", "updated");
    assertThat(text(events.get(0).body()))
        .startsWith("{")
        .contains("\"clientState\"")
        .endsWith("}");
  }

  @Test
  void acceptsTheClientStateFromSettings() {
    accepted(adapter.verify(post(URL, BODY), source(Map.of("client_state", CLIENT_STATE)), NOW));
  }

  @Test
  void refusesAWrongClientState() {
    rejected(adapter.verify(post(URL, BODY), source("anotherValue"), NOW), "bad_credentials");
  }

  @Test
  void refusesABatchWhereOneNotificationIsForeign() {
    byte[] body =
        utf8(
            text(BODY)
                .replaceFirst(
                    "\"clientState\": \"secretClientValue\"", "\"clientState\": \"forged\""));

    rejected(adapter.verify(post(URL, body), source(CLIENT_STATE), NOW), "bad_credentials");
  }

  @Test
  void refusesANotificationWithoutClientState() {
    byte[] body = utf8("{\"value\":[{\"id\":\"x\",\"changeType\":\"created\"}]}");

    rejected(adapter.verify(post(URL, body), source(CLIENT_STATE), NOW), "missing_signature");
  }

  @Test
  void refusesABodyThatIsNoNotificationCollection() {
    rejected(
        adapter.verify(post(URL, utf8("{\"value\":[]}")), source(CLIENT_STATE), NOW),
        "malformed_body");
    rejected(
        adapter.verify(post(URL, utf8("not json")), source(CLIENT_STATE), NOW), "malformed_body");
  }

  @Test
  void acceptsTheSecondClientStateDuringARotation() {
    accepted(adapter.verify(post(URL, BODY), source("newValue", CLIENT_STATE), NOW));
  }

  @Test
  void typesLifecycleNotifications() {
    byte[] body =
        utf8(
            "{\"value\":[{\"subscriptionId\":\"7f105c7d\",\"clientState\":\"secretClientValue\","
                + "\"lifecycleEvent\":\"reauthorizationRequired\",\"tenantId\":\"84bd8158\"}]}");

    var event =
        accepted(adapter.verify(post(URL, body), source(CLIENT_STATE), NOW)).events().get(0);

    assertThat(event.eventType()).isEqualTo("reauthorizationRequired");
  }
}
