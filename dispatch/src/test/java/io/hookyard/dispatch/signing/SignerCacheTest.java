package io.hookyard.dispatch.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.config.PreviousSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignerCacheTest {
  private static final String FIRST = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SECOND = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

  private final SecretBox box = new SecretBox(new byte[32]);

  @Test
  void opensAnEndpointsSecretOnceWhileItStaysTheSame() {
    SignerCache cache = new SignerCache(box, 100);
    EndpointConfig endpoint = endpoint(EndpointId.next(), FIRST, null);

    WebhookSigner first = cache.signer(endpoint);

    assertThat(cache.signer(endpoint)).isSameAs(first);
    assertThat(first.sign("msg_1", 1L, new byte[] {1}))
        .isEqualTo(WebhookSigner.forSecret(FIRST).sign("msg_1", 1L, new byte[] {1}));
  }

  @Test
  void aRotatedSecretIsOpenedAfreshAndSignsNextToThePreviousOne() {
    SignerCache cache = new SignerCache(box, 100);
    EndpointId id = EndpointId.next();
    EndpointConfig before = endpoint(id, FIRST, null);
    String old = cache.signer(before).sign("msg_1", 1_700_000_000L, new byte[] {1});

    EndpointConfig rotated =
        endpoint(
            id,
            SECOND,
            new PreviousSecret(before.secret(), Instant.ofEpochSecond(1_700_000_000L + 3600)));
    String both = cache.signer(rotated).sign("msg_1", 1_700_000_000L, new byte[] {1});

    assertThat(both.split(" ")).hasSize(2).contains(old);
    assertThat(both.split(" ")[0]).isNotEqualTo(old);
  }

  @Test
  void pastItsBoundItStartsOverAndStillSignsRight() {
    SignerCache cache = new SignerCache(box, 2);
    EndpointConfig a = endpoint(EndpointId.next(), FIRST, null);
    String signed = cache.signer(a).sign("msg_1", 1L, new byte[] {1});
    cache.signer(endpoint(EndpointId.next(), SECOND, null));
    cache.signer(endpoint(EndpointId.next(), SECOND, null));

    assertThat(cache.signer(a).sign("msg_1", 1L, new byte[] {1})).isEqualTo(signed);
  }

  private EndpointConfig endpoint(EndpointId id, String secret, PreviousSecret previous) {
    return new EndpointConfig(
        id,
        TenantId.next(),
        URI.create("https://example.com/hook"),
        List.of("*"),
        box.seal(secret),
        Map.of(),
        100,
        List.of(),
        false,
        false,
        null,
        null,
        previous);
  }
}
