package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.ChildHookyard;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import io.hookyard.schemas.inbound.InboundRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with the ingest role on one broker and one PostgreSQL (the first runs every role,
 * the second, a child JVM, only ingest): the group splits 20 syncs between them, each change is
 * read by exactly one of them, and when the second is killed ({@code kill -9}) the first runs all
 * 20 within the group's session timeout.
 */
class SyncScaleOutIT {
  private static final int SYNCS = 20;

  @Test
  void twoInstancesSplitTheSyncsAndOneTakesThemAllWhenTheOtherStops(
      @TempDir Path first, @TempDir Path second) throws Exception {
    try (HubSpotCrmFake hubspot = new HubSpotCrmFake()) {
      String base = "--hookyard.connections.vendors.hubspot.base-url=" + hubspot.baseUrl();
      try (RunningHookyard a = RunningHookyard.start(first, base)) {
        ChildHookyard b =
            ChildHookyard.start(
                second,
                base,
                "--hookyard.roles=ingest",
                "--hookyard.kafka.bootstrap-servers=" + a.kafkaBootstrapServers(),
                "--hookyard.r2dbc.url=" + a.property("hookyard.r2dbc.url"),
                "--hookyard.r2dbc.username=" + a.property("hookyard.r2dbc.username"),
                "--hookyard.r2dbc.password=" + a.property("hookyard.r2dbc.password"),
                "--hookyard.encryption-key="
                    + Files.readString(first.resolve("encryption.key")).strip());
        try {
          Tenant acme = Tenants.create(a, "Acme");
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
          Instant since = Instant.now();
          List<String> syncs = new ArrayList<>();
          IntStream.range(0, SYNCS)
              .forEach(
                  i ->
                      syncs.add(
                          acme.api()
                              .post(
                                  "/api/v1/connections/" + conn + "/syncs",
                                  "{\"entity\":\"contacts\",\"interval\":\"PT10S\",\"since\":\""
                                      + since
                                      + "\"}")
                              .body()
                              .path("id")
                              .asString()));
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> owned(a) + owned(b) == SYNCS && owned(a) > 0 && owned(b) > 0);

          hubspot.create("contacts", Map.of("email", "one@example.com"), since.plusSeconds(1));
          awaitEachSyncReportedOnce(a, "one@example.com");

          b.kill(); // kill -9: the group notices within its session timeout
          await().atMost(Duration.ofSeconds(45)).until(() -> owned(a) == SYNCS);
          hubspot.create("contacts", Map.of("email", "two@example.com"), since.plusSeconds(2));
          awaitEachSyncReportedOnce(a, "two@example.com");
        } finally {
          b.close();
        }
      }
    }
  }

  /** Every sync wrote the change to the inbound topic exactly once: no sync ran in two places. */
  private static void awaitEachSyncReportedOnce(RunningHookyard a, String email) {
    await().atMost(Duration.ofSeconds(40)).until(() -> reports(a, email).size() >= SYNCS);
    await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15)).until(() -> true);
    List<String> sources = reports(a, email).stream().map(r -> r.sourceId().value()).toList();
    assertThat(sources).hasSize(SYNCS);
    assertThat(sources).doesNotHaveDuplicates();
  }

  private static List<InboundRecord> reports(RunningHookyard a, String email) {
    return InboundTopic.all(a.kafkaBootstrapServers()).stream()
        .filter(r -> new String(r.body()).contains(email))
        .toList();
  }

  private static long owned(RunningHookyard instance) {
    return owned(instance.baseUrl());
  }

  private static long owned(ChildHookyard instance) {
    return owned(instance.baseUrl());
  }

  private static long owned(String baseUrl) {
    String metrics = new ApiClient(baseUrl, null).getText("/actuator/prometheus");
    return metrics
        .lines()
        .filter(line -> line.startsWith("hookyard_syncs_owned"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }
}
