package io.hookyard.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemasTest {

  @Test
  void idsArePrefixedSortableAndChecked() throws InterruptedException {
    EndpointId first = EndpointId.next();
    Thread.sleep(2);
    EndpointId second = EndpointId.next();
    assertThat(first.value()).startsWith("ep_").hasSize(29);
    assertThat(first.value()).isLessThan(second.value());
    assertThatThrownBy(() -> new EndpointId("evt_01")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TenantId("ten_A;drop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messageIdIsStablePerEventAndEndpoint() {
    EventId event = EventId.next();
    EndpointId a = EndpointId.next();
    EndpointId b = EndpointId.next();
    assertThat(MessageId.of(event, a)).isEqualTo(MessageId.of(event, a));
    assertThat(MessageId.of(event, a)).isNotEqualTo(MessageId.of(event, b));
  }

  @Test
  void patternsMatchExactResourceAndAll() {
    assertThat(EventTypes.matches("*", "invoice.paid")).isTrue();
    assertThat(EventTypes.matches("invoice.*", "invoice.paid")).isTrue();
    assertThat(EventTypes.matches("invoice.*", "invoicex.paid")).isFalse();
    assertThat(EventTypes.matches("invoice.paid", "invoice.failed")).isFalse();
    assertThat(EventTypes.isPattern("invoice.")).isFalse();
    assertThat(EventTypes.isPattern("Invoice.paid")).isFalse();
  }

  @Test
  void secretBoxRoundTripsAndRejectsOtherKeys() {
    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    SealedSecret sealed = box.seal("whsec_abc");
    assertThat(sealed.ciphertext()).doesNotContain("whsec_abc");
    assertThat(sealed.toString()).doesNotContain(sealed.ciphertext());
    assertThat(box.open(sealed)).isEqualTo("whsec_abc");
    SecretBox other = SecretBox.fromBase64(SecretBox.newKey());
    assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configRecordsRoundTripThroughTheTopicSerde() {
    SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    EndpointConfig endpoint =
        new EndpointConfig(
            EndpointId.next(),
            TenantId.next(),
            URI.create("https://example.com/hook"),
            List.of("invoice.*"),
            box.seal("whsec_x"),
            Map.of("X-Env", "prod"),
            100,
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
            false,
            false,
            null,
            null);
    byte[] bytes = Topics.CONFIG.valueSerde().serializer().serialize("t", endpoint);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"kind\":\"endpoint\"", "\"tenant_id\":\"ten_", "\"rate_limit_per_minute\":100");
    ConfigRecord back = Topics.CONFIG.valueSerde().deserializer().deserialize("t", bytes);
    assertThat(back).isEqualTo(endpoint);
    assertThat(back.key()).isEqualTo(endpoint.tenantId() + "/" + endpoint.id());
  }

  @Test
  void catalogHasTheContractTypesAndEveryExampleValidates() {
    EventCatalog catalog = EventCatalog.builtIn();
    assertThat(catalog.all())
        .extracting(EventType::name)
        .contains("entity.created", "user.invited", "subscription.cancelled", "invoice.paid")
        .contains("invoice.failed", "contact.updated", "company.deleted", "deal.created")
        .contains("endpoint.disabled", "sync.failing", "connection.failed");
    for (EventType type : catalog.all()) {
      assertThat(type.validate(type.exampleJson())).as(type.name()).isEmpty();
      assertThat(type.description()).as(type.name()).isNotBlank();
    }
  }

  @Test
  void violationsNameTheFailingField() {
    EventType paid = EventCatalog.builtIn().find("invoice.paid").orElseThrow();
    assertThat(paid.validate("{\"id\":\"inv_1\",\"customer_id\":\"c\",\"currency\":\"EUR\"}"))
        .extracting(EventType.Violation::field)
        .containsExactly("data.amount");
    assertThat(
            paid.validate(
                "{\"id\":\"inv_1\",\"customer_id\":\"c\",\"amount\":\"x\",\"currency\":\"EUR\"}"))
        .extracting(EventType.Violation::field)
        .containsExactly("data.amount");
  }

  @Test
  void malformedJsonIsReportedWithoutTheInput() {
    assertThatThrownBy(() -> Json.tree("{\"secret\": ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Json.JsonException.class);
  }
}
