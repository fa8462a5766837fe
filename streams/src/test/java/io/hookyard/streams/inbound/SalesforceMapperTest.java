package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SalesforceMapperTest {
  private final SalesforceMapper mapper = new SalesforceMapper();

  @Test
  void anEditedContactIsAContactUpdatedWithCustomFieldsUnderProperties() {
    EventEnvelope event = mapOne(mapper, "salesforce", "Contact", "salesforce-contact.json");
    assertThat(event.type()).isEqualTo("contact.updated");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("id").asString()).isEqualTo("0035g00000XyZ1AAK");
    assertThat(data.path("email").asString()).isEqualTo("ada@example.com");
    assertThat(data.path("company_id").asString()).isEqualTo("0015g00000AbC1AAK");
    assertThat(data.path("properties").path("Tier__c").asString()).isEqualTo("Gold");
  }

  @Test
  void aNewOpportunityIsADealCreated() {
    EventEnvelope event =
        mapOne(mapper, "salesforce", "Opportunity", "salesforce-opportunity-new.json");
    assertThat(event.type()).isEqualTo("deal.created");
    assertValid(event);
    assertThat(data(event).path("amount").asDouble()).isEqualTo(12000.0);
    assertThat(data(event).path("stage").asString()).isEqualTo("Negotiation/Review");
  }

  @Test
  void anotherSObjectIsAnEntityOfItsType() {
    EventEnvelope event = mapOne(mapper, "salesforce", "Case", "salesforce-case.json");
    assertThat(event.type()).isEqualTo("entity.updated");
    assertValid(event);
    assertThat(data(event).path("kind").asString()).isEqualTo("case");
    assertThat(data(event).path("attributes").path("Status").asString()).isEqualTo("New");
  }
}
