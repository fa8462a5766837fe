package io.hookyard.app.support;

import static org.awaitility.Awaitility.await;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** What is on {@code hookyard.inbound.raw}, read as streams reads it ({@code read_committed}). */
public final class InboundTopic {
  private InboundTopic() {}

  /** Waits (up to 20 s) until at least {@code expected} records are there; all of them by id. */
  public static List<InboundRecord> awaitAtLeast(String bootstrap, int expected) {
    return awaitAtLeast(bootstrap, expected, r -> true);
  }

  /**
   * Waits (up to 20 s) until at least {@code expected} records of {@code tenant} are there; all of
   * the tenant's by id (an app shared by several tests has the others' too).
   */
  public static List<InboundRecord> awaitAtLeast(String bootstrap, int expected, String tenant) {
    return awaitAtLeast(bootstrap, expected, r -> r.tenantId().value().equals(tenant));
  }

  private static List<InboundRecord> awaitAtLeast(
      String bootstrap, int expected, Predicate<InboundRecord> which) {
    List<InboundRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, InboundRecord> consumer = fromStart(bootstrap)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> add(records, r.value(), which));
                return records.size() >= expected;
              });
      consumer.poll(Duration.ofMillis(500)).forEach(r -> add(records, r.value(), which));
    }
    records.sort(Comparator.comparing(InboundRecord::id));
    return records;
  }

  private static void add(
      List<InboundRecord> records, InboundRecord record, Predicate<InboundRecord> which) {
    if (which.test(record)) {
      records.add(record);
    }
  }

  /** Every record there now, reading each partition to its end. */
  public static List<InboundRecord> all(String bootstrap) {
    List<InboundRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, InboundRecord> consumer = fromStart(bootstrap)) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
      while (ends.keySet().stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
      }
    }
    return records;
  }

  private static KafkaConsumer<String, InboundRecord> fromStart(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, InboundRecord> consumer =
        new KafkaConsumer<>(
            props,
            Topics.INBOUND_RAW.keySerde().deserializer(),
            Topics.INBOUND_RAW.valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.INBOUND_RAW.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
