package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class MsGraphMapperTest {
  private final MsGraphMapper mapper = new MsGraphMapper();

  @Test
  void aCreatedMessageIsAnEntityCreatedOfKindMessage() {
    EventEnvelope event = mapOne(mapper, "ms-graph", "created", "msgraph-message.created.json");
    assertThat(event.type()).isEqualTo("entity.created");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("message");
    assertThat(data(event).path("attributes").path("subscription_id").asString())
        .isEqualTo("7f105c7d-2dc5-4530-97cd-4e7ae6534c07");
  }

  @Test
  void anUpdatedContactIsAContactUpdated() {
    EventEnvelope event = mapOne(mapper, "ms-graph", "updated", "msgraph-contact.updated.json");
    assertThat(event.type()).isEqualTo("contact.updated");
    assertValid(event);
    assertThat(data(event).path("id").asString()).isEqualTo("{contact_id}");
  }

  @Test
  void aLifecycleNotificationKeepsItsPayloadAsAVendorEvent() {
    EventEnvelope event = mapOne(mapper, "ms-graph", "missed", "msgraph-lifecycle.missed.json");
    assertThat(event.type()).isEqualTo("vendor.ms_graph.missed");
    assertThat(data(event).path("lifecycleEvent").asString()).isEqualTo("missed");
  }
}
