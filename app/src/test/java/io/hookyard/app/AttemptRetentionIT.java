package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SyncRunTopic;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.sync.SyncRun;
import io.hookyard.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Attempts and sync runs older than the retention age leave their logs: retention is one hour here,
 * purged every second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttemptRetentionIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    hookyard =
        RunningHookyard.start(
            dataDir,
            "--hookyard.retention.attempts=PT1H",
            "--hookyard.retention.interval=PT1S",
            "--hookyard.syncs.enabled=false"); // the run records are the ones the test writes
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
  }

  @Test
  void attemptsOlderThanTheRetentionAgeAreDeleted() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    String ep =
        acme.api()
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    Instant now = Instant.now();
    Map<String, Object> producer =
        new KafkaConnection(hookyard.kafkaBootstrapServers()).producer("retention-it");
    try (KafkaProducer<String, Attempt> attempts =
        new KafkaProducer<>(
            producer,
            Topics.ATTEMPTS.keySerde().serializer(),
            Topics.ATTEMPTS.valueSerde().serializer())) {
      for (Duration age : List.of(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ZERO)) {
        Attempt attempt =
            new Attempt(
                Ids.next(Attempt.PREFIX),
                MessageId.of(EventId.next(), new EndpointId(ep)),
                EventId.next(),
                "invoice.paid",
                new TenantId(acme.id()),
                new EndpointId(ep),
                1,
                true,
                200,
                5,
                "ok",
                null,
                now.minus(age),
                null);
        attempts.send(new ProducerRecord<>(Topics.ATTEMPTS.name(), ep, attempt));
      }
      attempts.flush();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode log = acme.api().get("/api/v1/endpoints/" + ep + "/attempts").body();
              List<Instant> kept = new ArrayList<>();
              log.path("data")
                  .forEach(a -> kept.add(Instant.parse(a.path("created_at").asString())));
              assertThat(kept)
                  .hasSize(2)
                  .allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofHours(1))));
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        acme.api()
                            .get("/api/v1/stats/deliveries?window=24h&endpoint_id=" + ep)
                            .body()
                            .path("totals")
                            .path("succeeded")
                            .asLong())
                    .as("the charts' per-minute rollup forgets what retention deleted")
                    .isEqualTo(2));
  }

  @Test
  void syncRunsOlderThanTheRetentionAgeAreDeleted() {
    Tenant acme = Tenants.create(hookyard, "Runs");
    String con = SyncsIT.connection(acme, SyncsIT.HUBSPOT_TOKEN);
    String sync =
        acme.api()
            .post("/api/v1/connections/" + con + "/syncs", "{\"entity\":\"deals\"}")
            .body()
            .path("id")
            .asString();
    Instant now = Instant.now();
    try (SyncRunTopic runs =
        new SyncRunTopic(hookyard.kafkaBootstrapServers(), acme.id(), con, sync)) {
      for (Duration age : List.of(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ZERO)) {
        runs.run(now.minus(age), SyncRun.SUCCEEDED, 1, null, "scheduled");
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode log = acme.api().get("/api/v1/syncs/" + sync + "/runs").body();
              List<Instant> kept = new ArrayList<>();
              log.path("data")
                  .forEach(r -> kept.add(Instant.parse(r.path("started_at").asString())));
              assertThat(kept)
                  .hasSize(2)
                  .allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofHours(1))));
            });
    assertThat(acme.api().get("/api/v1/syncs/" + sync).body().path("records").asLong())
        .as("the sync's own count keeps what retention took from the log")
        .isEqualTo(3);
  }
}
