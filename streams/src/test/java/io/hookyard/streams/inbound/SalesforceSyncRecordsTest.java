package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class SalesforceSyncRecordsTest {
  private static EventEnvelope map(String entity, String change, String record) {
    return SyncSamples.map("salesforce", SalesforceMapper.SYNC, entity, change, record);
  }

  @Test
  void soqlRecordsFillTheCatalogFieldsAndCustomFieldsWaitUnderProperties() {
    EventEnvelope contact =
        map(
            "Contact",
            "created",
            """
            {"Id": "003000000000001AAA", "SystemModstamp": "2026-11-01T09:00:00.000+0000",
             "CreatedDate": "2026-11-01T09:00:00.000+0000", "FirstName": "Ada",
             "LastName": "Lovelace", "Email": "ada@example.com", "AccountId": "001000000000001AAA",
             "Tier__c": "Gold", "Phone": null}
            """);
    assertThat(contact.type()).isEqualTo("contact.created");
    assertValid(contact);
    assertThat(data(contact).path("email").asString()).isEqualTo("ada@example.com");
    assertThat(data(contact).path("last_name").asString()).isEqualTo("Lovelace");
    assertThat(data(contact).path("company_id").asString()).isEqualTo("001000000000001AAA");
    assertThat(data(contact).path("properties").path("Tier__c").asString()).isEqualTo("Gold");
    assertThat(data(contact).path("properties").has("SystemModstamp")).isFalse();
    assertThat(data(contact).has("phone")).isFalse();

    EventEnvelope deal = map("Opportunity", "updated", "{\"Name\": \"Big\", \"Amount\": 4200.5}");
    assertThat(deal.type()).isEqualTo("deal.updated");
    assertThat(data(deal).path("amount").asDouble()).isEqualTo(4200.5);
    EventEnvelope company = map("Account", "deleted", null);
    assertThat(company.type()).isEqualTo("company.deleted");
    assertValid(company);
  }

  @Test
  void otherSObjectsAreVendorEventsWithTheRecordAsSent() {
    EventEnvelope event = map("sobject", "created", "{\"Id\": \"500\", \"Subject\": \"Help\"}");
    assertThat(event.type()).isEqualTo("vendor.salesforce.sobject.created");
    assertThat(data(event).path("record").path("Subject").asString()).isEqualTo("Help");
  }
}
