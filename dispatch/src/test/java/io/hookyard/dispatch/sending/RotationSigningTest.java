package io.hookyard.dispatch.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.dispatch.support.ReceiverServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a subscriber receives around a secret rotation: both signatures during the overlap, only the
 * new one after it. The sender's clock stamps each attempt, so moving it past the overlap shows a
 * retry sent then is signed once.
 */
class RotationSigningTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String MESSAGE_ID = "msg_01jabcdefghjkmnpqrstvwxyz0";
  private static final String PAYLOAD = "{\"event_type\":\"invoice.paid\",\"data\":{\"id\":\"i\"}}";
  private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String NEW = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

  private final Instant rotatedAt = Instant.now();
  private final WebhookSigner signer =
      WebhookSigner.forSecret(NEW).withPrevious(OLD, rotatedAt.plus(Duration.ofHours(24)));
  private final ReceiverServer server = new ReceiverServer();

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void duringTheOverlapTheRequestVerifiesUnderTheOldAndTheNewSecret() {
    ReceiverServer.Received request = sendAt(Clock.systemUTC());

    String body = new String(request.body(), StandardCharsets.UTF_8);
    assertThat(request.header("webhook-signature")).matches("v1,\\S+ v1,\\S+");
    assertThatCode(() -> new Webhook(NEW).verify(body, request.headers()))
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(OLD).verify(body, request.headers()))
        .doesNotThrowAnyException();
  }

  @Test
  void afterTheOverlapOnlyTheNewSecretSigns() throws Exception {
    Clock dayAfter =
        Clock.fixed(rotatedAt.plus(Duration.ofHours(24)).plusSeconds(1), ZoneOffset.UTC);

    ReceiverServer.Received request = sendAt(dayAfter);

    long timestamp = Long.parseLong(request.header("webhook-timestamp"));
    assertThat(timestamp).isEqualTo(dayAfter.instant().getEpochSecond());
    assertThat(request.header("webhook-signature"))
        .isEqualTo(new Webhook(NEW).sign(MESSAGE_ID, timestamp, PAYLOAD))
        .isNotEqualTo(new Webhook(OLD).sign(MESSAGE_ID, timestamp, PAYLOAD))
        .doesNotContain(" ");
  }

  @Test
  void afterTheOverlapTheOldSecretNoLongerVerifies() {
    WebhookSigner expired =
        WebhookSigner.forSecret(NEW).withPrevious(OLD, rotatedAt.minus(Duration.ofMinutes(1)));
    try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), 8, Clock.systemUTC())) {
      sender
          .send(
              new WebhookSender.Request(server.url("/hook"), Map.of(), MESSAGE_ID, PAYLOAD),
              expired)
          .block(WAIT);
    }

    ReceiverServer.Received request = server.received().get(0);
    String body = new String(request.body(), StandardCharsets.UTF_8);
    assertThatCode(() -> new Webhook(NEW).verify(body, request.headers()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new Webhook(OLD).verify(body, request.headers()))
        .isInstanceOf(WebhookVerificationException.class);
  }

  private ReceiverServer.Received sendAt(Clock clock) {
    try (WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), 8, clock)) {
      SendOutcome outcome =
          sender
              .send(
                  new WebhookSender.Request(server.url("/hook"), Map.of(), MESSAGE_ID, PAYLOAD),
                  signer)
              .block(WAIT);
      assertThat(outcome).isInstanceOf(SendOutcome.Delivered.class);
    }
    assertThat(server.received()).hasSize(1);
    return server.received().get(0);
  }
}
