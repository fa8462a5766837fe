package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class Dynamics365SyncRecordsTest {

  private static EventEnvelope map(String entity, String change, String record) {
    return SyncSamples.map("dynamics365", Dynamics365Mapper.SYNC, entity, change, record);
  }

  @Test
  void anAccountIsACompanyWithItsWebsiteHostAsDomain() {
    EventEnvelope event =
        map(
            "accounts",
            "created",
            """
            {"@odata.etag": "W/\\"81920\\"", "accountid": "a1", "name": "Fourth Coffee",
             "websiteurl": "https://www.FourthCoffee.example/shop", "telephone1": "555-0150",
             "industrycode": 7, "_owninguser_value@OData.Community.Display.V1.FormattedValue": "x",
             "modifiedon": "2026-11-02T10:00:00Z"}
            """);
    assertThat(event.type()).isEqualTo("company.created");
    assertValid(event);
    assertThat(data(event).path("name").asString()).isEqualTo("Fourth Coffee");
    assertThat(data(event).path("domain").asString()).isEqualTo("fourthcoffee.example");
    assertThat(data(event).path("phone").asString()).isEqualTo("555-0150");
    assertThat(data(event).path("properties").path("industrycode").asInt()).isEqualTo(7);
    assertThat(data(event).path("properties").toString()).doesNotContain("OData");
  }

  @Test
  void aContactIsAContactWithItsAccountAsCompany() {
    EventEnvelope event =
        map(
            "contacts",
            "updated",
            """
            {"contactid": "c1", "firstname": "Yvonne", "lastname": "McKay",
             "emailaddress1": "yvonne@fourthcoffee.example", "telephone1": "555-0151",
             "_parentcustomerid_value": "a1"}
            """);
    assertThat(event.type()).isEqualTo("contact.updated");
    assertValid(event);
    assertThat(data(event).path("email").asString()).isEqualTo("yvonne@fourthcoffee.example");
    assertThat(data(event).path("first_name").asString()).isEqualTo("Yvonne");
    assertThat(data(event).path("last_name").asString()).isEqualTo("McKay");
    assertThat(data(event).path("phone").asString()).isEqualTo("555-0151");
    assertThat(data(event).path("company_id").asString()).isEqualTo("a1");
  }

  @Test
  void anOpportunityIsADeal() {
    EventEnvelope event =
        map(
            "opportunities",
            "created",
            """
            {"opportunityid": "o1", "name": "10 espresso machines", "estimatedvalue": 12500.5,
             "stepname": "3-Propose", "_parentaccountid_value": "a1"}
            """);
    assertThat(event.type()).isEqualTo("deal.created");
    assertValid(event);
    assertThat(data(event).path("amount").asDouble()).isEqualTo(12500.5);
    assertThat(data(event).path("stage").asString()).isEqualTo("3-Propose");
    assertThat(data(event).path("company_id").asString()).isEqualTo("a1");
  }

  @Test
  void anInvoiceHasItsTotalInCentsItsCustomerAndDueDate() {
    EventEnvelope event =
        map(
            "invoices",
            "updated",
            """
            {"invoiceid": "i1", "invoicenumber": "INV-01001-X", "totalamount": 1499.9900,
             "_customerid_value": "a1", "duedate": "2026-12-01", "statecode": 0}
            """);
    assertThat(event.type()).isEqualTo("invoice.updated");
    assertValid(event);
    assertThat(data(event).path("amount").asLong()).isEqualTo(149999);
    assertThat(data(event).path("customer_id").asString()).isEqualTo("a1");
    assertThat(data(event).path("due_date").asString()).isEqualTo("2026-12-01");
    assertThat(data(event).path("number").asString()).isEqualTo("INV-01001-X");
  }

  @Test
  void deletionsKeepTheirResource() {
    assertThat(map("invoices", "deleted", null).type()).isEqualTo("invoice.deleted");
    assertThat(map("accounts", "deleted", null).type()).isEqualTo("company.deleted");
    assertValid(map("opportunities", "deleted", null));
  }
}
