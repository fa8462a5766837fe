package io.hookyard.dispatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSignersTest {
  private static final String MESSAGE_ID = "msg_01jabcdefghjkmnpqrstvwxyz0";
  private static final String BODY = "{\"event_type\":\"invoice.paid\"}";
  private static final String NEW = "whsec_bmV3LXNlY3JldC1rZXktYnl0ZXMh";
  private static final String OLD = "whsec_b2xkLW9sZC1vbGQ=";
  private static final long NOW = 1_800_000_000L;
  private static final Instant OVERLAP_ENDS = Instant.ofEpochSecond(NOW + 86_400);

  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void aRotatedEndpointSignsWithBothSecretsDuringTheOverlap() throws Exception {
    EndpointConfig rotated = endpoint(box.seal(OLD)).rotatedTo(box.seal(NEW), OVERLAP_ENDS);

    String signature =
        EndpointSigners.open(rotated, box)
            .sign(MESSAGE_ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(signature)
        .isEqualTo(
            new Webhook(NEW).sign(MESSAGE_ID, NOW, BODY)
                + " "
                + new Webhook(OLD).sign(MESSAGE_ID, NOW, BODY));
  }

  @Test
  void aPreviousSecretThatNoLongerOpensCostsOnlyItsOwnSignature() throws Exception {
    SealedSecret underARetiredKey = SecretBox.fromBase64(SecretBox.newKey()).seal(OLD);
    EndpointConfig rotated = endpoint(underARetiredKey).rotatedTo(box.seal(NEW), OVERLAP_ENDS);

    assertThat(
            EndpointSigners.open(rotated, box)
                .sign(MESSAGE_ID, NOW, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new Webhook(NEW).sign(MESSAGE_ID, NOW, BODY));
  }

  @Test
  void aCurrentSecretThatDoesNotOpenIsAnError() {
    EndpointConfig sealedElsewhere = endpoint(SecretBox.fromBase64(SecretBox.newKey()).seal(NEW));

    assertThatThrownBy(() -> EndpointSigners.open(sealedElsewhere, box))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static EndpointConfig endpoint(SealedSecret secret) {
    return new EndpointConfig(
        EndpointId.next(),
        TenantId.next(),
        URI.create("https://example.com/hook"),
        List.of("*"),
        secret,
        Map.of(),
        100,
        List.of(),
        false,
        false,
        null,
        null);
  }
}
