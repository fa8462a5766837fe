package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.ReceivedEvents;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import io.hookyard.schemas.inbound.InboundRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A sync of 5,000 records is halted between two of its page transactions — the process stops with
 * the run half done and its next page uncommitted — and Hookyard is started again on the same data
 * folder: the run continues from its last committed page, every change is written to the inbound
 * topic exactly once across the two processes, and each record reaches the endpoint as one event
 * (one webhook-id).
 */
class SyncCrashIT {
  private static final int RECORDS = 5_000;

  @Test
  void aRunStoppedBetweenPagesContinuesAndReportsEveryRecordOnce(@TempDir Path dataDir)
      throws Exception {
    try (HubSpotCrmFake hubspot = new HubSpotCrmFake();
        LoopbackReceiver receiver = new LoopbackReceiver()) {
      Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
      for (int i = 0; i < RECORDS; i++) {
        hubspot.create(
            "contacts", Map.of("email", "p" + i + "@example.com"), t0.plusMillis(i * 10L));
      }
      hubspot.delay(150); // 50 pages take about 8 s: time to stop in the middle
      String[] settings = {"--hookyard.connections.vendors.hubspot.base-url=" + hubspot.baseUrl()};
      RunningHookyard first = RunningHookyard.start(dataDir, settings);
      String sync;
      Tenant acme;
      try {
        acme = Tenants.create(first, "Acme");
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"contact.*\"],\"rate_limit_per_minute\":600000}");
        String conn =
            acme.api()
                .post(
                    "/api/v1/connections",
                    "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                        + HubSpotCrmFake.PRIVATE_APP_TOKEN
                        + "\"}}")
                .body()
                .path("id")
                .asString();
        ApiClient.Response created =
            acme.api()
                .post(
                    "/api/v1/connections/" + conn + "/syncs",
                    "{\"entity\":\"contacts\",\"since\":\"1970-01-01T00:00:00Z\"}");
        sync = created.body().path("id").asString();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> InboundTopic.all(first.kafkaBootstrapServers()).size() >= 1_500);
      } finally {
        first.close(); // the run is cut off between two page transactions
      }
      int reportedBefore = receiver.received().size();
      assertThat(reportedBefore).as("the first process did not finish the run").isLessThan(RECORDS);

      hubspot.delay(0);
      try (RunningHookyard second = RunningHookyard.start(dataDir, settings)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> ReceivedEvents.of(receiver, "contact.created").size() >= RECORDS);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        List<JsonNode> created = ReceivedEvents.of(receiver, "contact.created");
        // one event per record: a webhook the first process sent just before it stopped may come
        // again (delivery is at least once), but always as the same webhook-id
        Map<String, Set<String>> webhookIds = new HashMap<>();
        created.forEach(
            e ->
                webhookIds
                    .computeIfAbsent(e.path("data").path("id").asString(), k -> new HashSet<>())
                    .add(e.path("webhook_id").asString()));
        assertThat(webhookIds).hasSize(RECORDS);
        assertThat(webhookIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        List<InboundRecord> inbound = InboundTopic.all(second.kafkaBootstrapServers());
        assertThat(inbound)
            .as("each change was written once, across both processes")
            .hasSize(RECORDS);
        JsonNode runs =
            new ApiClient(second.baseUrl(), acme.api().key())
                .get("/api/v1/syncs/" + sync + "/runs")
                .body()
                .path("data");
        JsonNode initial = runs.path(runs.size() - 1);
        assertThat(initial.path("kind").asString()).isEqualTo("initial");
        assertThat(initial.path("status").asString()).isEqualTo("succeeded");
        assertThat(initial.path("records").asLong())
            .as("one run, continued by the second process")
            .isEqualTo(RECORDS);
      }
    }
  }
}
