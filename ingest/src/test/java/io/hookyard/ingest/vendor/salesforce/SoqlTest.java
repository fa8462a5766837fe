package io.hookyard.ingest.vendor.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.ingest.poll.VendorCalls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {
  private static final Instant AT = Instant.parse("2026-11-01T09:00:00.750Z");

  @Test
  void theWatermarkIsTheStampAndTheIdSoTiesAreNeitherLostNorRepeated() {
    assertThat(Soql.changesAfter("Account", List.of("Id", "Name"), AT, "001000000000001AAA"))
        .isEqualTo(
            "SELECT Id, Name FROM Account WHERE SystemModstamp > 2026-11-01T09:00:00Z"
                + " OR (SystemModstamp = 2026-11-01T09:00:00Z AND Id > '001000000000001AAA')"
                + " ORDER BY SystemModstamp, Id");
    assertThat(Soql.changesAfter("Account", List.of("Id"), AT, ""))
        .isEqualTo(
            "SELECT Id FROM Account WHERE SystemModstamp >= 2026-11-01T09:00:00Z"
                + " ORDER BY SystemModstamp, Id");
    assertThat(Soql.changesAfter("Case", List.of("Id"), null, null))
        .isEqualTo("SELECT Id FROM Case ORDER BY SystemModstamp, Id");
    assertThatThrownBy(() -> Soql.changesAfter("Account", List.of("Id"), AT, "x' OR Id != '"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldsAndObjectsFromSettingsMustBeApiNames() {
    assertThat(Soql.fields("Contact", "Tier__c, Account.Name"))
        .startsWith("Id", "SystemModstamp", "CreatedDate", "LastModifiedDate")
        .contains("LastName", "Email", "Tier__c", "Account.Name");
    assertThatThrownBy(() -> Soql.fields("Contact", "Name FROM User --"))
        .isInstanceOf(VendorCalls.VendorFailure.class);
    assertThat(Soql.sobject("sobject", "Invoice__c")).isEqualTo("Invoice__c");
    assertThat(Soql.sobject("Account", null)).isEqualTo("Account");
    assertThatThrownBy(() -> Soql.sobject("sobject", null))
        .isInstanceOf(VendorCalls.VendorFailure.class);
    assertThat(Soql.version(null)).isEqualTo("v62.0");
    assertThatThrownBy(() -> Soql.version("62")).isInstanceOf(VendorCalls.VendorFailure.class);
  }

  @Test
  void salesforceTimesAndTheDeletedWindow() {
    assertThat(Soql.time("2026-11-01T09:00:00.000+0000"))
        .isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
    assertThat(Soql.time("2026-11-01T10:00:00.000+0100"))
        .isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
    assertThat(Soql.time(null)).isNull();
    String path = Soql.deletedPath("v62.0", "Account", AT, Instant.parse("2026-11-01T09:05:00Z"));
    assertThat(URLDecoder.decode(path, StandardCharsets.UTF_8))
        .isEqualTo(
            "/services/data/v62.0/sobjects/Account/deleted/?start=2026-11-01T09:00:00Z"
                + "&end=2026-11-01T09:05:00Z");
  }
}
