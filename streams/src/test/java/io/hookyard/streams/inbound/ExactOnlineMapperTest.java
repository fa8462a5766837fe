package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class ExactOnlineMapperTest {
  private final ExactOnlineMapper mapper = new ExactOnlineMapper();

  @Test
  void anAccountUpdateIsACompanyUpdatedNamingTheRecord() {
    EventEnvelope event =
        mapOne(mapper, "exact-online", "Accounts.Update", "exact-online-accounts.update.json");
    assertThat(event.type()).isEqualTo("company.updated");
    assertValid(event);
    assertThat(data(event).path("id").asString()).isEqualTo("11111111-1111-1111-1111-111111111111");
    assertThat(data(event).path("division").asString()).isEqualTo("123456");
    assertThat(data(event).has("HashCode")).isFalse();
  }

  @Test
  void anotherTopicIsAnEntityOfThatTopic() {
    EventEnvelope event =
        mapOne(mapper, "exact-online", "Items.Create", "exact-online-items.create.json");
    assertThat(event.type()).isEqualTo("entity.created");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("items");
  }
}
