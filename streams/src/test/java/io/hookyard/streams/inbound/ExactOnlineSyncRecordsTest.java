package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class ExactOnlineSyncRecordsTest {

  private static EventEnvelope map(String entity, String change, String record) {
    return SyncSamples.map("exact-online", ExactOnlineMapper.SYNC, entity, change, record);
  }

  @Test
  void anAccountIsACompanyWithItsCodeUnpaddedAndDatesInRfc3339() {
    EventEnvelope event =
        map(
            "accounts",
            "created",
            """
            {"ID": "a1", "Code": "             10001", "Name": "Acme BV",
             "Website": "https://www.acme.example/", "Status": "C",
             "Created": "/Date(1764756000000)/", "Timestamp": 12345}
            """);
    assertThat(event.type()).isEqualTo("company.created");
    assertValid(event);
    assertThat(data(event).path("code").asString()).isEqualTo("10001");
    assertThat(data(event).path("name").asString()).isEqualTo("Acme BV");
    assertThat(data(event).path("domain").asString()).isEqualTo("acme.example");
    assertThat(data(event).path("properties").path("Created").asString())
        .isEqualTo("2025-12-03T10:00:00Z");
    assertThat(data(event).path("properties").has("Timestamp")).isFalse();
  }

  @Test
  void aSalesInvoiceIsAnInvoiceInCentsAndACreditNoteKeepsItsAmountAsAProperty() {
    EventEnvelope invoice =
        map(
            "sales_invoices",
            "created",
            """
            {"InvoiceID": "i1", "InvoiceNumber": 25001, "OrderedBy": "a1", "AmountDC": 1499.99,
             "Currency": "EUR", "DueDate": "/Date(1796083200000)/", "YourRef": "HUB-1"}
            """);
    assertThat(invoice.type()).isEqualTo("invoice.created");
    assertValid(invoice);
    assertThat(data(invoice).path("amount").asLong()).isEqualTo(149999);
    assertThat(data(invoice).path("customer_id").asString()).isEqualTo("a1");
    assertThat(data(invoice).path("due_date").asString()).isEqualTo("2026-12-01");
    assertThat(data(invoice).path("reference").asString()).isEqualTo("HUB-1");
    EventEnvelope credit =
        map("sales_invoices", "created", "{\"InvoiceID\": \"i2\", \"AmountDC\": -20.5}");
    assertValid(credit);
    assertThat(data(credit).has("amount")).isFalse();
    assertThat(data(credit).path("properties").path("AmountDC").asDouble()).isEqualTo(-20.5);
  }
}
