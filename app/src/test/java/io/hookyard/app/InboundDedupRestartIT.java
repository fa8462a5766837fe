package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbound dedup on the real embedded broker: 10,000 vendor events of which 30 % are
 * redeliveries, written to {@code hookyard.inbound.raw} as ingest writes them, with the whole
 * process (and so the Streams instances) restarted half-way. Exactly the 7,000 unique events reach
 * {@code hookyard.deliveries}, including redeliveries after the restart of events first seen before
 * it. Runs without the dispatch role: the test counts deliveries, it does not send them.
 */
class InboundDedupRestartIT {
  private static final int UNIQUE = 7_000;
  private static final String ROLES = "--hookyard.roles=ingest,streams,control";

  @TempDir Path dataDir;

  @Test
  void exactlyTheUniqueEventsAreRoutedAcrossARestart() throws Exception {
    TenantId tenant;
    SourceId source;
    double duplicatesBefore;
    List<Integer> firstHalf = new ArrayList<>();
    List<Integer> secondHalf = new ArrayList<>();
    for (int i = 0; i < 3_500; i++) {
      firstHalf.add(i);
      if (i < 1_500) {
        firstHalf.add(i);
      }
      secondHalf.add(3_500 + i);
      if (i < 750) {
        secondHalf.add(i);
        secondHalf.add(3_500 + i);
      }
    }
    assertThat(firstHalf.size() + secondHalf.size()).isEqualTo(10_000);

    try (RunningHookyard hookyard = RunningHookyard.start(dataDir, ROLES)) {
      ApiClient.Response created =
          hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Acme\"}");
      tenant = new TenantId(created.body().path("id").asString());
      ApiClient api = new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString());
      source =
          new SourceId(
              api.post(
                      "/api/v1/sources",
                      "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\"whsec_x\"}")
                  .body()
                  .path("id")
                  .asString());
      assertThat(
              api.post(
                      "/api/v1/endpoints",
                      "{\"url\":\"https://example.com/hook\",\"event_types\":[\"invoice.*\"]}")
                  .status())
          .isEqualTo(201);
      duplicatesBefore = duplicatesCounted(hookyard);

      produce(hookyard.kafkaBootstrapServers(), tenant, source, firstHalf);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> deliveredEventIds(hookyard.kafkaBootstrapServers()).size() > 0);
    }

    try (RunningHookyard again = RunningHookyard.start(dataDir, ROLES)) {
      String bootstrap = again.kafkaBootstrapServers();
      produce(bootstrap, tenant, source, secondHalf);
      await()
          .atMost(Duration.ofSeconds(300))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  caughtUp(bootstrap, "hookyard-inbound", Topics.INBOUND_RAW.name())
                      && caughtUp(bootstrap, "hookyard-routing", Topics.EVENTS.name())
                      && deliveredEventIds(bootstrap).size() >= UNIQUE);

      List<String> invoices = deliveredEventIds(bootstrap);
      assertThat(invoices).hasSize(UNIQUE);
      assertThat(new HashSet<>(invoices)).hasSize(UNIQUE);
      assertThat(duplicatesCounted(again) - duplicatesBefore).isGreaterThanOrEqualTo(3_000);
    }
  }

  private static void produce(
      String bootstrap, TenantId tenant, SourceId source, List<Integer> invoices) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, InboundRecord> producer =
        new KafkaProducer<>(
            props,
            Topics.INBOUND_RAW.keySerde().serializer(),
            Topics.INBOUND_RAW.valueSerde().serializer())) {
      for (int n : invoices) {
        String body =
            "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_"
                + n
                + "\",\"customer_id\":\"cus_1\",\"amount\":"
                + n
                + ",\"currency\":\"EUR\"}}";
        InboundRecord record =
            new InboundRecord(
                Ids.next(InboundRecord.PREFIX),
                tenant,
                source,
                "standard-webhooks",
                "msg_" + n,
                null,
                Instant.now(),
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8),
                null);
        producer.send(new ProducerRecord<>(Topics.INBOUND_RAW.name(), record.key(), record));
      }
      producer.flush();
    }
  }

  /** The invoice id of every committed delivery on {@code hookyard.deliveries}, duplicates kept. */
  private static List<String> deliveredEventIds(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, Delivery> consumer =
        new KafkaConsumer<>(
            props,
            Topics.DELIVERIES.keySerde().deserializer(),
            Topics.DELIVERIES.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DELIVERIES.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(
                r ->
                    ids.add(
                        Json.tree(r.value().payload().getBytes(StandardCharsets.UTF_8))
                            .path("data")
                            .path("id")
                            .asString()));
      }
    }
    return ids;
  }

  /** Whether the Streams application has committed everything {@code topic} holds. */
  private static boolean caughtUp(String bootstrap, String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get();
      for (var end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        long position = at == null ? 0 : at.offset();
        if (position < end.getValue().offset()) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code hookyard_streams_inbound_duplicates_total} as {@code /actuator/prometheus} shows it. */
  private static double duplicatesCounted(RunningHookyard hookyard) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hookyard.baseUrl() + "/actuator/prometheus"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher value =
        Pattern.compile("(?m)^hookyard_streams_inbound_duplicates_total(?:\\{[^}]*\\})? (\\S+)$")
            .matcher(response.body());
    assertThat(value.find()).as(response.body()).isTrue();
    return Double.parseDouble(value.group(1));
  }
}
