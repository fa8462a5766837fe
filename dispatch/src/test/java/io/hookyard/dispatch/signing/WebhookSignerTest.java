package io.hookyard.dispatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final String MESSAGE_ID = "msg_01jabcdefghjkmnpqrstvwxyz0";
  private static final String BODY =
      "{\"webhook_id\":\"msg_01jabcdefghjkmnpqrstvwxyz0\",\"event_type\":\"invoice.paid\","
          + "\"data\":{\"customer\":\"Zoë ✓ 🎉\",\"amount\":4200}}";

  private final String secret = newSecret();

  @Test
  void signatureVerifiesWithTheStandardWebhooksLibrary() {
    long now = Instant.now().getEpochSecond();
    String signature =
        WebhookSigner.forSecret(secret)
            .sign(MESSAGE_ID, now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(signature).startsWith("v1,");
    assertThatCode(() -> new Webhook(secret).verify(BODY, headers(MESSAGE_ID, now, signature)))
        .doesNotThrowAnyException();
  }

  @Test
  void matchesTheLibrarysOwnSignatureByteForByte() throws Exception {
    long timestamp = 1_700_000_000L;
    String ours =
        WebhookSigner.forSecret(secret)
            .sign(MESSAGE_ID, timestamp, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(ours).isEqualTo(new Webhook(secret).sign(MESSAGE_ID, timestamp, BODY));
  }

  @Test
  void acceptsTheBareBase64KeyToo() {
    long now = Instant.now().getEpochSecond();
    String bare = secret.substring(WebhookSigner.SECRET_PREFIX.length());
    String signature =
        WebhookSigner.forSecret(bare).sign(MESSAGE_ID, now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThatCode(() -> new Webhook(secret).verify(BODY, headers(MESSAGE_ID, now, signature)))
        .doesNotThrowAnyException();
  }

  @Test
  void aChangedBodyOrAnotherKeyDoesNotVerify() {
    long now = Instant.now().getEpochSecond();
    String signature =
        WebhookSigner.forSecret(secret)
            .sign(MESSAGE_ID, now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () -> new Webhook(secret).verify(BODY + " ", headers(MESSAGE_ID, now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(
            () -> new Webhook(newSecret()).verify(BODY, headers(MESSAGE_ID, now, signature)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void whileThePreviousSecretIsValidBothSignaturesVerify() throws Exception {
    String previous = newSecret();
    long now = Instant.now().getEpochSecond();
    WebhookSigner signer =
        WebhookSigner.forSecret(secret)
            .withPrevious(previous, Instant.ofEpochSecond(now).plus(Duration.ofHours(24)));

    String signature = signer.sign(MESSAGE_ID, now, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(signature.split(" "))
        .containsExactly(
            new Webhook(secret).sign(MESSAGE_ID, now, BODY),
            new Webhook(previous).sign(MESSAGE_ID, now, BODY));
    Map<String, List<String>> headers = headers(MESSAGE_ID, now, signature);
    assertThatCode(() -> new Webhook(secret).verify(BODY, headers)).doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(previous).verify(BODY, headers)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Webhook(newSecret()).verify(BODY, headers))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void fromTheEndOfTheOverlapOnlyTheCurrentSecretSigns() throws Exception {
    String previous = newSecret();
    long until = 1_700_000_000L;
    WebhookSigner signer =
        WebhookSigner.forSecret(secret).withPrevious(previous, Instant.ofEpochSecond(until));
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

    assertThat(signer.sign(MESSAGE_ID, until - 1, body)).contains(" ");
    assertThat(signer.sign(MESSAGE_ID, until, body))
        .isEqualTo(new Webhook(secret).sign(MESSAGE_ID, until, BODY));
    assertThat(signer.sign(MESSAGE_ID, until + 3600, body))
        .isEqualTo(new Webhook(secret).sign(MESSAGE_ID, until + 3600, BODY));
  }

  @Test
  void refusesMalformedSecretsWithoutEchoingThem() {
    assertThatThrownBy(() -> WebhookSigner.forSecret("whsec_not*base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not*base64!");
    assertThatThrownBy(() -> WebhookSigner.forSecret("whsec_"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSigner.forSecret(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverPrintsTheKey() {
    String key = secret.substring(WebhookSigner.SECRET_PREFIX.length());

    String previous = newSecret();
    String previousKey = previous.substring(WebhookSigner.SECRET_PREFIX.length());

    assertThat(WebhookSigner.forSecret(secret).toString()).doesNotContain(key);
    assertThat(WebhookSigner.forSecret(secret).withPrevious(previous, Instant.now()).toString())
        .doesNotContain(key)
        .doesNotContain(previousKey);
  }

  private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
    return Map.of(
        "webhook-id", List.of(id),
        "webhook-timestamp", List.of(Long.toString(timestamp)),
        "webhook-signature", List.of(signature));
  }

  private static String newSecret() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
