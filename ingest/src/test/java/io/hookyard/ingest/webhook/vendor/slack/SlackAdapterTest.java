package io.hookyard.ingest.webhook.vendor.slack;

import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.accepted;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.concat;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.fixture;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hex;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.hmacSha256;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.post;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.rejected;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.source;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.tampered;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.text;
import static io.hookyard.ingest.webhook.vendor.support.VendorRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackAdapterTest {

  // vendors.md §5: the vector from Slack's docs, reproduced in the Java SDK's tests, verbatim
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TS = "1531420618";
  static final byte[] BODY =
      utf8(
          "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
  static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  static final Instant NOW = Instant.ofEpochSecond(1531420618);

  final SlackAdapter adapter = new SlackAdapter();

  static InboundRequest request(byte[] body, String ts, String signature) {
    return post(
        "https://hooks.example/in/src_1",
        body,
        "X-Slack-Request-Timestamp",
        ts,
        "X-Slack-Signature",
        signature);
  }

  static String sign(String secret, String ts, byte[] body) {
    return "v0=" + hex(hmacSha256(secret, concat(utf8("v0:" + ts + ":"), body)));
  }

  @Test
  void acceptsTheOfficialVectorASlashCommandWithoutEventId() {
    var event =
        accepted(adapter.verify(request(BODY, TS, SIGNATURE), source(SECRET), NOW)).events();

    assertThat(event).singleElement().satisfies(e -> assertThat(e.dedupKey()).isNull());
  }

  @Test
  void answersUrlVerificationWithTheChallengeOnceVerified() {
    byte[] body = fixture("slack/url_verification.json");

    var verdict = adapter.verify(request(body, TS, sign(SECRET, TS, body)), source(SECRET), NOW);

    assertThat(verdict).isInstanceOf(Verdict.Handshake.class);
    var reply = ((Verdict.Handshake) verdict).reply();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("text/plain");
    assertThat(text(reply.body()))
        .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    rejected(
        adapter.verify(request(body, TS, sign("other", TS, body)), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void keysAnEventCallbackOnItsEventId() {
    byte[] body = fixture("slack/event_callback.json");

    var event =
        accepted(adapter.verify(request(body, TS, sign(SECRET, TS, body)), source(SECRET), NOW))
            .events()
            .get(0);

    assertThat(event.dedupKey()).isEqualTo("Ev123ABC456");
    assertThat(event.eventType()).isEqualTo("app_mention");
  }

  @Test
  void acceptsWhatTheSlackSdkSignsAndTheSdkAcceptsOurs() {
    byte[] body = fixture("slack/event_callback.json");
    var generator = new SlackSignature.Generator(SECRET);
    String sdkSignature = generator.generate(TS, text(body));

    accepted(adapter.verify(request(body, TS, sdkSignature), source(SECRET), NOW));
    assertThat(
            new SlackSignature.Verifier(generator)
                .isValid(TS, text(body), sign(SECRET, TS, body), NOW.toEpochMilli()))
        .isTrue();
    assertThat(generator.generate(TS, text(BODY))).isEqualTo(SIGNATURE);
  }

  @Test
  void refusesATamperedBody() {
    rejected(
        adapter.verify(request(tampered(BODY), TS, SIGNATURE), source(SECRET), NOW),
        "bad_signature");
  }

  @Test
  void refusesAWrongSecret() {
    rejected(
        adapter.verify(
            request(BODY, TS, SIGNATURE), source("8f742231b10e8888abcd99yyyzzz85a6"), NOW),
        "bad_signature");
  }

  @Test
  void refusesTimestampsOutsideFiveMinutesEitherWay() {
    var request = request(BODY, TS, SIGNATURE);

    rejected(adapter.verify(request, source(SECRET), NOW.plusSeconds(301)), "stale_timestamp");
    rejected(adapter.verify(request, source(SECRET), NOW.minusSeconds(301)), "stale_timestamp");
  }

  @Test
  void refusesAMissingSignature() {
    rejected(
        adapter.verify(
            post("https://h/in/s", BODY, "X-Slack-Request-Timestamp", TS), source(SECRET), NOW),
        "missing_signature");
  }

  @Test
  void acceptsTheSecondSecretDuringARotation() {
    accepted(adapter.verify(request(BODY, TS, SIGNATURE), source("old", SECRET), NOW));
  }
}
