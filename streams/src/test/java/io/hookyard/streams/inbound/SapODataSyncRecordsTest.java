package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class SapODataSyncRecordsTest {

  @Test
  void anSapEntitySetIsAVendorEventWithTheRecordAsSent() {
    EventEnvelope event =
        SyncSamples.map("sap-odata", SapODataMapper.SYNC, "A_BusinessPartner", "deleted", null);
    assertThat(event.type()).isEqualTo("vendor.sap_odata.a_businesspartner.deleted");
    EventEnvelope created =
        SyncSamples.map(
            "sap-odata",
            SapODataMapper.SYNC,
            "A_BusinessPartner",
            "created",
            "{\"BusinessPartner\": \"1000017\", \"BusinessPartnerFullName\": \"Partner 7\"}");
    assertThat(data(created).path("record").path("BusinessPartnerFullName").asString())
        .isEqualTo("Partner 7");
  }
}
