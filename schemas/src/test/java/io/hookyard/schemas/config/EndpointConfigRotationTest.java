package io.hookyard.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A rotated endpoint on the config topic and in PostgreSQL: sealed, and readable both ways. */
class EndpointConfigRotationTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
  private final EndpointConfig endpoint = endpoint(box.seal("whsec_old"));

  @Test
  void rotationKeepsTheOldSecretSealedUntilTheOverlapEnds() {
    SealedSecret next = box.seal("whsec_new");
    EndpointConfig rotated = endpoint.rotatedTo(next, NOW.plus(Duration.ofHours(24)));

    assertThat(rotated.secret()).isEqualTo(next);
    assertThat(rotated.previousSecret().sealed()).isEqualTo(endpoint.secret());
    assertThat(box.open(rotated.previousSecret().sealed())).isEqualTo("whsec_old");
    assertThat(rotated.previousSecret().validAt(NOW.plus(Duration.ofHours(23)))).isTrue();
    assertThat(rotated.previousSecret().validAt(NOW.plus(Duration.ofHours(24)))).isFalse();
    assertThat(rotated.url()).isEqualTo(endpoint.url());
    assertThat(rotated.eventTypes()).isEqualTo(endpoint.eventTypes());
  }

  @Test
  void aSecondRotationKeepsOnlyTheMostRecentPreviousSecret() {
    SealedSecret second = box.seal("whsec_second");
    EndpointConfig twice =
        endpoint
            .rotatedTo(second, NOW.plus(Duration.ofHours(24)))
            .rotatedTo(box.seal("whsec_third"), NOW.plus(Duration.ofHours(25)));

    assertThat(box.open(twice.secret())).isEqualTo("whsec_third");
    assertThat(twice.previousSecret().sealed()).isEqualTo(second);
    assertThat(twice.previousSecret().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(25)));
  }

  @Test
  void aRotatedEndpointRoundTripsWithoutItsPlaintext() {
    EndpointConfig rotated =
        endpoint.rotatedTo(box.seal("whsec_new"), NOW.plus(Duration.ofHours(24)));

    byte[] bytes = Topics.CONFIG.valueSerde().serializer().serialize("t", rotated);
    String json = new String(bytes, StandardCharsets.UTF_8);
    assertThat(json).contains("\"previous_secret\"").doesNotContain("whsec_");

    ConfigRecord back = Topics.CONFIG.valueSerde().deserializer().deserialize("t", bytes);
    assertThat(back).isEqualTo(rotated);
  }

  @Test
  void aRecordWrittenBeforeRotationExistedReadsWithNoPreviousSecret() {
    ObjectNode legacy = (ObjectNode) Json.tree(Json.write(endpoint));
    legacy.remove("previous_secret");
    assertThat(legacy.has("secret")).isTrue();

    ConfigRecord back = Json.read(Json.write(legacy), ConfigRecord.class);

    assertThat(back).isEqualTo(endpoint);
    assertThat(((EndpointConfig) back).previousSecret()).isNull();
  }

  private static EndpointConfig endpoint(SealedSecret secret) {
    return new EndpointConfig(
        EndpointId.next(),
        TenantId.next(),
        URI.create("https://example.com/hook"),
        List.of("invoice.*"),
        secret,
        Map.of(),
        100,
        List.of(Duration.ofMinutes(1)),
        false,
        false,
        null,
        null);
  }
}
