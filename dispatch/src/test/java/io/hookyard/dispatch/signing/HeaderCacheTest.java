package io.hookyard.dispatch.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCacheTest {
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void sealedValuesAreOpenedOnceAndValuesInClearOfAnOlderRecordAreSentAsTheyAre() {
    HeaderCache cache = new HeaderCache(box, 100);
    EndpointConfig endpoint =
        endpoint(Map.of()).withHeaders(Map.of("Authorization", box.seal("Bearer xyz")));

    Map<String, String> headers = cache.headers(endpoint);

    assertThat(headers).containsExactly(Map.entry("Authorization", "Bearer xyz"));
    assertThat(cache.headers(endpoint)).isSameAs(headers);
    assertThat(cache.headers(endpoint(Map.of("X-Env", "prod"))))
        .containsExactly(Map.entry("X-Env", "prod"));
  }

  @Test
  void aValueSealedWithAKeyThatIsNotConfiguredDoesNotOpen() {
    SecretBox other = SecretBox.fromBase64(SecretBox.newKey());
    EndpointConfig endpoint =
        endpoint(Map.of()).withHeaders(Map.of("Authorization", other.seal("Bearer xyz")));

    assertThatThrownBy(() -> new HeaderCache(box, 100).headers(endpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("xyz");
  }

  private EndpointConfig endpoint(Map<String, String> plain) {
    return new EndpointConfig(
        EndpointId.next(),
        TenantId.next(),
        URI.create("https://example.com/hook"),
        List.of("*"),
        box.seal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        plain,
        100,
        List.of(),
        false,
        false,
        null,
        null);
  }
}
