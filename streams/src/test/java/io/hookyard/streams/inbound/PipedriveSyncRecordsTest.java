package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class PipedriveSyncRecordsTest {

  private static EventEnvelope map(String entity, String change, String record) {
    return SyncSamples.map("pipedrive", PipedriveMapper.SYNC, entity, change, record);
  }

  @Test
  void aPersonIsAContactWithItsPrimaryEmailAndPhone() {
    EventEnvelope event =
        map(
            "persons",
            "created",
            """
            {"id": 101, "name": "Ann Lee", "first_name": "Ann", "last_name": "Lee",
             "emails": [{"value": "old@example.com", "primary": false, "label": "home"},
                        {"value": "ann@example.com", "primary": true, "label": "work"}],
             "phones": [{"value": "555-0101", "primary": true, "label": "work"}],
             "org_id": 7, "update_time": "2024-01-01T00:00:00Z", "custom_fields": {}}
            """);
    assertThat(event.type()).isEqualTo("contact.created");
    assertValid(event);
    assertThat(data(event).path("email").asString()).isEqualTo("ann@example.com");
    assertThat(data(event).path("phone").asString()).isEqualTo("555-0101");
    assertThat(data(event).path("first_name").asString()).isEqualTo("Ann");
    assertThat(data(event).path("company_id").asString()).isEqualTo("7");
    assertThat(data(event).path("properties").has("update_time")).isTrue();
  }

  @Test
  void anOrganizationIsACompanyAndADealADeal() {
    EventEnvelope company =
        map("organizations", "updated", "{\"id\": 7, \"name\": \"Acme Roasters\"}");
    assertThat(company.type()).isEqualTo("company.updated");
    assertValid(company);
    assertThat(data(company).path("name").asString()).isEqualTo("Acme Roasters");
    EventEnvelope deal =
        map(
            "deals",
            "created",
            "{\"id\": 31, \"title\": \"Espresso\", \"value\": 12500.5, \"currency\": \"EUR\"}");
    assertThat(deal.type()).isEqualTo("deal.created");
    assertValid(deal);
    assertThat(data(deal).path("name").asString()).isEqualTo("Espresso");
    assertThat(data(deal).path("amount").asDouble()).isEqualTo(12500.5);
  }
}
