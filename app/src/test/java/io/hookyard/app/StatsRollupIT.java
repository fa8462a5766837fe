package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's charts read the attempt sink's per-minute rollup: attempt records published on
 * {@code hookyard.attempts} the way dispatch does, a batch of them again as after a crash, and the
 * charts count each attempt once, with p50/p99 in the bucket of the true percentile.
 */
@SharedHookyard.Sharing
class StatsRollupIT {

  @Test
  void aRedeliveredBatchIsCountedOnceAndPercentilesLandInTheirBucket() throws Exception {
    RunningHookyard hookyard = SharedHookyard.get();
    Tenants.Tenant acme = Tenants.create(hookyard, "Charts");
    String endpoint =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\": \"http://127.0.0.1:9/charts\", \"event_types\": [\"invoice.paid\"]}")
            .body()
            .path("id")
            .asString();
    // 100 attempts two minutes ago: 60 at 7 ms, 38 at 130 ms, 2 failed at 2,200 ms; the true p50
    // is 7 ms (buckets are 1 ms wide there) and p99 is 2,200 ms (bucket 2,000..2,500 ms)
    Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long ms = i < 60 ? 7 : i < 98 ? 130 : 2200;
      attempts.add(attempt(acme.id(), endpoint, i < 98, ms, at.plusSeconds(i % 50)));
    }
    try (KafkaProducer<String, Attempt> producer = producer(hookyard)) {
      send(producer, attempts);
      // the same records again, as a sink that crashed before committing its offsets reads them,
      // then one more; records of one endpoint share a partition, so the last one lands last
      send(producer, attempts);
      send(producer, List.of(attempt(acme.id(), endpoint, true, 7, at.plusSeconds(55))));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(totals(acme.api(), endpoint).path("succeeded").asLong()).isEqualTo(99));
    for (String query : List.of("?window=1h&endpoint_id=" + endpoint, "?window=24h")) {
      JsonNode stats = acme.api().get("/api/v1/stats/deliveries" + query).body();
      JsonNode totals = stats.path("totals");
      assertThat(totals.path("succeeded").asLong()).as(query).isEqualTo(99);
      assertThat(totals.path("failed").asLong()).as(query).isEqualTo(2);
      assertThat(totals.path("p50_ms").asLong()).as(query).isEqualTo(7);
      assertThat(totals.path("p99_ms").asLong()).as(query).isBetween(2000L, 2499L);
      assertThat(stats.path("buckets")).as(query).hasSize(1);
      JsonNode bucket = stats.path("buckets").get(0);
      assertThat(bucket.path("succeeded").asLong()).isEqualTo(99);
      assertThat(bucket.path("failed").asLong()).isEqualTo(2);
      assertThat(bucket.path("p50_ms").asLong()).isEqualTo(7);
    }
    assertThat(
            acme.api()
                .get("/api/v1/stats/deliveries?window=1h")
                .body()
                .path("buckets")
                .get(0)
                .path("start")
                .asString())
        .as("a one-minute bucket starts at its minute")
        .isEqualTo(at.toString());
  }

  private static JsonNode totals(ApiClient api, String endpoint) {
    return api.get("/api/v1/stats/deliveries?window=1h&endpoint_id=" + endpoint)
        .body()
        .path("totals");
  }

  private static Attempt attempt(
      String tenant, String endpoint, boolean ok, long ms, Instant createdAt) {
    return new Attempt(
        Ids.next(Attempt.PREFIX),
        new MessageId(Ids.next(MessageId.PREFIX)),
        new EventId(Ids.next(EventId.PREFIX)),
        "invoice.paid",
        new TenantId(tenant),
        new EndpointId(endpoint),
        1,
        ok,
        ok ? 200 : 500,
        ms,
        null,
        ok ? null : "status 500",
        createdAt,
        null,
        null);
  }

  private static KafkaProducer<String, Attempt> producer(RunningHookyard hookyard) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, hookyard.kafkaBootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(
        props, Topics.ATTEMPTS.keySerde().serializer(), Topics.ATTEMPTS.valueSerde().serializer());
  }

  private static void send(KafkaProducer<String, Attempt> producer, List<Attempt> attempts)
      throws Exception {
    for (Attempt a : attempts) {
      producer.send(new ProducerRecord<>(Topics.ATTEMPTS.name(), a.endpointId().value(), a)).get();
    }
  }
}
