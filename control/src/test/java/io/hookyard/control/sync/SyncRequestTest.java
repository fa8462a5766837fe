package io.hookyard.control.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.sync.SyncRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SyncRequestTest {

  @Test
  void defaultsAreFifteenMinutesAndAWeek() {
    SyncRequest.Create create = SyncRequest.create(tree("{\"entity\":\"contacts\"}"), "hubspot");
    assertThat(create.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(create.fullResync()).isEqualTo(Duration.ofDays(7));
    assertThat(create.since()).isNull();
    assertThat(create.settings()).isEmpty();
  }

  @Test
  void everyFieldIsRead() {
    SyncRequest.Create create =
        SyncRequest.create(
            tree(
                "{\"entity\":\"messages\",\"interval\":\"PT10S\",\"full_resync\":\"PT30S\","
                    + "\"since\":\"2026-01-01T01:00:00+01:00\",\"settings\":{\"user\":\"a@b.c\","
                    + "\"top\":5,\"deep\":false}}"),
            "ms-graph");
    assertThat(create.entity()).isEqualTo("messages");
    assertThat(create.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(create.fullResync()).isEqualTo(Duration.ofSeconds(30));
    assertThat(create.since()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(create.settings()).isEqualTo(Map.of("user", "a@b.c", "top", 5, "deep", false));
  }

  @Test
  void eachVendorHasItsOwnEntities() {
    assertThat(SyncRequest.create(tree("{\"entity\":\"invoices\"}"), "dynamics365").entity())
        .isEqualTo("invoices");
    assertField(() -> SyncRequest.create(tree("{\"entity\":\"invoices\"}"), "hubspot"), "entity");
    assertField(() -> SyncRequest.create(tree("{\"entity\":\"contacts\"}"), "slack"), "entity");
  }

  @Test
  void sapODataSyncsAnyEntitySetByNameAndPipedriveItsThree() {
    assertThat(SyncRequest.create(tree("{\"entity\":\"A_BusinessPartner\"}"), "sap-odata").entity())
        .isEqualTo("A_BusinessPartner");
    assertField(
        () -> SyncRequest.create(tree("{\"entity\":\"A_X?$top=1\"}"), "sap-odata"), "entity");
    assertField(() -> SyncRequest.create(tree("{\"entity\":\"../x\"}"), "sap-odata"), "entity");
    assertThat(SyncRequest.create(tree("{\"entity\":\"deals\"}"), "pipedrive").entity())
        .isEqualTo("deals");
    assertField(() -> SyncRequest.create(tree("{\"entity\":\"leads\"}"), "pipedrive"), "entity");
  }

  @Test
  void aPatchNamesOnlyWhatChanges() {
    SyncRequest.Patch patch = SyncRequest.patch(tree("{\"paused\":true}"));
    assertThat(patch.paused()).isTrue();
    assertThat(patch.interval()).isNull();
    assertThat(patch.fullResync()).isNull();
    assertField(() -> SyncRequest.patch(tree("{\"since\":null}")), "since");
    assertField(() -> SyncRequest.patch(tree("{\"paused\":1}")), "paused");
    assertField(() -> SyncRequest.patch(tree("{\"interval\":\"P366D\"}")), "interval");
    assertField(
        () -> SyncRequest.patch(tree("{\"full_resync\":\"PT999999999999H\"}")), "full_resync");
    assertField(() -> SyncRequest.patch(tree("{\"interval\":\"-PT1M\"}")), "interval");
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(SyncView.text(Duration.ofDays(7))).isEqualTo("P7D");
    assertThat(SyncView.text(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(SyncView.text(Duration.ofSeconds(86_401))).isEqualTo("PT24H1S");
  }

  @Test
  void aRunRecordAppliesOnceAndNeverGoesBack() {
    assertThat(SyncRunLog.isNew(null, SyncRun.RUNNING)).isTrue();
    assertThat(SyncRunLog.isNew(null, SyncRun.SUCCEEDED)).isTrue();
    assertThat(SyncRunLog.isNew(SyncRun.RUNNING, SyncRun.FAILED)).isTrue();
    assertThat(SyncRunLog.isNew(SyncRun.RUNNING, SyncRun.RUNNING)).isFalse();
    assertThat(SyncRunLog.isNew(SyncRun.SUCCEEDED, SyncRun.SUCCEEDED)).isFalse();
    assertThat(SyncRunLog.isNew(SyncRun.FAILED, SyncRun.RUNNING)).isFalse();
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.details()).containsEntry("field", field));
  }

  private static JsonNode tree(String json) {
    return Json.tree(json.getBytes(StandardCharsets.UTF_8));
  }
}
