package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class MsGraphSyncRecordsTest {
  private static final String CONTACT =
      """
      {"@odata.etag": "W/\\"EQAAABYAAAB\\"", "id": "AAMkAGI2", "changeKey": "EQAAABYAAAB",
       "lastModifiedDateTime": "2026-11-02T10:00:00Z", "givenName": "Adele",
       "surname": "Vance", "companyName": "Contoso", "jobTitle": "Buyer",
       "emailAddresses": [{"name": "Adele", "address": "adele@contoso.example"},
                          {"name": "Adele", "address": "av@home.example"}],
       "businessPhones": [], "mobilePhone": "+1 425 555 0109"}
      """;

  private static EventEnvelope map(String entity, String change, String record) {
    return SyncSamples.map("ms-graph", MsGraphMapper.SYNC, entity, change, record);
  }

  @Test
  void aContactFillsTheCatalogFieldsFromItsFirstAddressAndAPhone() {
    EventEnvelope event = map("contacts", "created", CONTACT);
    assertThat(event.type()).isEqualTo("contact.created");
    assertValid(event);
    assertThat(data(event).path("email").asString()).isEqualTo("adele@contoso.example");
    assertThat(data(event).path("first_name").asString()).isEqualTo("Adele");
    assertThat(data(event).path("last_name").asString()).isEqualTo("Vance");
    assertThat(data(event).path("phone").asString()).isEqualTo("+1 425 555 0109");
    assertThat(data(event).path("properties").path("companyName").asString()).isEqualTo("Contoso");
    assertThat(data(event).path("properties").has("@odata.etag")).isFalse();
    assertThat(data(event).path("source").path("kind").asString()).isEqualTo("sync");
  }

  @Test
  void aBusinessPhoneComesBeforeTheMobile() {
    EventEnvelope event =
        map(
            "contacts",
            "updated",
            "{\"id\":\"c\",\"businessPhones\":[\"+31 20 555 0100\"],\"mobilePhone\":\"+31 6\"}");
    assertThat(event.type()).isEqualTo("contact.updated");
    assertThat(data(event).path("phone").asString()).isEqualTo("+31 20 555 0100");
  }

  @Test
  void aDeletedContactIsContactDeletedWithItsId() {
    EventEnvelope event = map("contacts", "deleted", null);
    assertThat(event.type()).isEqualTo("contact.deleted");
    assertValid(event);
    assertThat(data(event).path("id").asString()).isEqualTo("r-1");
  }

  @Test
  void usersEventsAndMessagesAreVendorEventsWithTheRecordAsSent() {
    for (String entity : new String[] {"users", "events", "messages"}) {
      EventEnvelope event = map(entity, "updated", "{\"id\":\"x\",\"displayName\":\"Adele\"}");
      assertThat(event.type()).isEqualTo("vendor.ms_graph." + entity + ".updated");
      assertThat(data(event).path("record").path("displayName").asString()).isEqualTo("Adele");
    }
  }
}
