package io.hookyard.ingest.sync;

import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.sync.RecordVersion;
import io.hookyard.schemas.sync.SyncPosition;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the committed positions and record versions of newly assigned partitions, from the start to
 * the last stable offset, into the syncs' states. Both topics are compacted, so this reads about
 * one record per sync and one per record a sync reported.
 */
final class PartitionLoader {
  private final KafkaConnection kafka;

  PartitionLoader(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  void load(Set<Integer> partitions, Map<SyncId, SyncState> states) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p : partitions) {
      tps.add(new TopicPartition(Topics.SYNC_POSITIONS.name(), p));
      tps.add(new TopicPartition(Topics.SYNC_RECORDS.name(), p));
    }
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(SyncKafka.loader(kafka))) {
      reader.assign(tps);
      reader.seekToBeginning(tps);
      Map<TopicPartition, Long> end = reader.endOffsets(tps);
      while (!reached(reader, end)) {
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
          apply(record, states);
        }
      }
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
  }

  private static void apply(ConsumerRecord<String, byte[]> record, Map<SyncId, SyncState> states) {
    if (record.topic().equals(Topics.SYNC_POSITIONS.name())) {
      SyncId id = new SyncId(record.key());
      SyncPosition position =
          record.value() == null
              ? null
              : Topics.SYNC_POSITIONS
                  .valueSerde()
                  .deserializer()
                  .deserialize(record.topic(), record.value());
      states.computeIfAbsent(id, SyncState::new).position(position);
      return;
    }
    int slash = record.key().indexOf('/');
    SyncId id = new SyncId(record.key().substring(0, slash));
    RecordVersion version =
        record.value() == null
            ? null
            : Topics.SYNC_RECORDS
                .valueSerde()
                .deserializer()
                .deserialize(record.topic(), record.value());
    states.computeIfAbsent(id, SyncState::new).version(record.key().substring(slash + 1), version);
  }
}
