package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.loop.FailureReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;

/**
 * A compacted topic keyed by endpoint id, read whole: from its beginning to the end offsets it had
 * when the reading began, the last value per endpoint, a tombstone taking it out. The ordered
 * endpoints' heads and backlog cursors are kept this way.
 */
final class EndpointTable {
  private static final Duration POLL = Duration.ofMillis(200);

  private EndpointTable() {}

  /**
   * Reads {@code topic} with {@code reader} (assigned, no group); a record that is not readable is
   * skipped with a warning on {@code log}, so its endpoint starts as if it had none.
   */
  static <V> Map<EndpointId, V> read(
      KafkaConsumer<String, byte[]> reader, String topic, Deserializer<V> values, Logger log) {
    Map<EndpointId, V> read = new HashMap<>();
    List<TopicPartition> partitions =
        reader.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = reader.endOffsets(partitions);
    while (!end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue())) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        try {
          EndpointId id = new EndpointId(record.key());
          if (record.value() == null) {
            read.remove(id);
          } else {
            read.put(id, values.deserialize(record.topic(), record.value()));
          }
        } catch (RuntimeException e) {
          log.warn(
              "skipped an unreadable record at {}-{} offset {}: {}",
              record.topic(),
              record.partition(),
              record.offset(),
              FailureReason.of(e));
        }
      }
    }
    return read;
  }
}
