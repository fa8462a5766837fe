package io.hookyard.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A vendor destination on the config topic and in PostgreSQL; old webhook records still read. */
class EndpointConfigDestinationTest {
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void aVendorDestinationTravelsWithItsTypeConnectionActionAndSettings() {
    EndpointConfig slack =
        new EndpointConfig(
            EndpointId.next(),
            TenantId.next(),
            null,
            List.of("deal.*"),
            box.seal("whsec_unused"),
            Map.of(),
            100,
            List.of(Duration.ofMinutes(1)),
            false,
            false,
            null,
            null,
            null,
            "slack",
            ConnectionId.next(),
            "post_message",
            Map.of("channel", "C123"));
    byte[] onTopic = Topics.CONFIG.valueSerde().serializer().serialize("t", slack);
    ConfigRecord read = Topics.CONFIG.valueSerde().deserializer().deserialize("t", onTopic);
    assertThat(read).isEqualTo(slack);
    assertThat(((EndpointConfig) read).isVendorDestination()).isTrue();
    ConfigRecord stored =
        Json.read(Json.writeString(slack).getBytes(StandardCharsets.UTF_8), ConfigRecord.class);
    assertThat(stored).isEqualTo(slack);
    assertThat(((EndpointConfig) stored).withDisabled(true).settings())
        .containsEntry("channel", "C123");
  }

  @Test
  void aRecordWrittenBeforeDestinationsReadsAsAWebhook() {
    EndpointConfig webhook =
        new EndpointConfig(
            EndpointId.next(),
            TenantId.next(),
            URI.create("https://example.com/hook"),
            List.of("*"),
            box.seal("whsec_x"),
            Map.of(),
            100,
            List.of(),
            false,
            false,
            null,
            null);
    ObjectNode json = (ObjectNode) Json.mapper().readTree(Json.writeString(webhook));
    json.remove(List.of("type", "connection_id", "action", "settings"));
    ConfigRecord read =
        Json.read(json.toString().getBytes(StandardCharsets.UTF_8), ConfigRecord.class);
    assertThat(read).isEqualTo(webhook);
    assertThat(((EndpointConfig) read).type()).isEqualTo(EndpointConfig.WEBHOOK);
    assertThat(((EndpointConfig) read).isVendorDestination()).isFalse();
  }
}
