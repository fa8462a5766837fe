package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.changedFields;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class Dynamics365MapperTest {
  private final Dynamics365Mapper mapper = new Dynamics365Mapper();

  @Test
  void aContactUpdateNamesTheTargetsAttributesButNotTheStamps() {
    EventEnvelope event =
        mapOne(mapper, "dynamics365", "Update", "dynamics365-contact.update.json");
    assertThat(event.type()).isEqualTo("contact.updated");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("id").asString()).isEqualTo("4f1c2b3a-8e52-ef11-a316-000d3a8b3ec6");
    assertThat(data.path("email").asString()).isEqualTo("ada@contoso.example");
    assertThat(data.path("company_id").asString())
        .isEqualTo("9d0a3a7b-7e52-ef11-a316-000d3a8b3ec6");
    assertThat(data.path("properties").path("new_tier").asInt()).isEqualTo(100000001);
    assertThat(changedFields(event)).containsExactly("email", "new_tier", "company_id");
  }

  @Test
  void anAccountCreateIsACompanyCreated() {
    EventEnvelope event =
        mapOne(mapper, "dynamics365", "Create", "dynamics365-account.create.json");
    assertThat(event.type()).isEqualTo("company.created");
    assertValid(event);
    assertThat(data(event).path("name").asString()).isEqualTo("Contoso");
  }

  @Test
  void anotherTablesDeleteIsAnEntityDeletedOfThatTable() {
    EventEnvelope event =
        mapOne(mapper, "dynamics365", "Delete", "dynamics365-incident.delete.json");
    assertThat(event.type()).isEqualTo("entity.deleted");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("incident");
  }
}
