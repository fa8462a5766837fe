package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.changedFields;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipedriveMapperTest {
  private final PipedriveMapper mapper = new PipedriveMapper();

  @Test
  void aV2DealChangeIsADealUpdatedWithThePreviousFieldsAsChanged() {
    EventEnvelope event =
        mapOne(mapper, "pipedrive", "deal.change", "pipedrive-deal.change-v2.json");
    assertThat(event.type()).isEqualTo("deal.updated");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("id").asString()).isEqualTo("42");
    assertThat(data.path("name").asString()).isEqualTo("Big deal");
    assertThat(data.path("amount").asInt()).isEqualTo(5000);
    assertThat(data.path("stage").asString()).isEqualTo("2");
    assertThat(changedFields(event)).containsExactly("stage");
  }

  @Test
  void aV1DealUpdateNamesOnlyTheFieldsWhoseValueDiffers() {
    EventEnvelope event =
        mapOne(mapper, "pipedrive", "updated.deal", "pipedrive-deal.updated-v1.json");
    assertThat(event.type()).isEqualTo("deal.updated");
    assertValid(event);
    assertThat(changedFields(event)).containsExactly("amount");
  }

  @Test
  void aNewPersonIsAContactWithItsPrimaryEmailAndCustomFieldsKept() {
    EventEnvelope event =
        mapOne(mapper, "pipedrive", "person.create", "pipedrive-person.create-v2.json");
    assertThat(event.type()).isEqualTo("contact.created");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("email").asString()).isEqualTo("ada@example.com");
    assertThat(data.path("phone").asString()).isEqualTo("+44 20 7946 0000");
    assertThat(data.path("company_id").asString()).isEqualTo("5");
    assertThat(data.path("properties").path("custom_fields").size()).isEqualTo(1);
    assertThat(data.has("changed_fields")).isFalse();
  }

  @Test
  void aDeletedActivityIsAnEntityDeletedCarryingWhatItWas() {
    EventEnvelope event =
        mapOne(mapper, "pipedrive", "activity.delete", "pipedrive-activity.delete-v2.json");
    assertThat(event.type()).isEqualTo("entity.deleted");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("activity");
    assertThat(data(event).path("attributes").path("subject").asString()).isEqualTo("Call Ada");
  }
}
