package io.hookyard.ingest.sync;

import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.sync.RecordVersion;
import io.hookyard.schemas.sync.SyncPosition;
import io.hookyard.schemas.sync.SyncRun;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The Kafka records a run writes, serialized as their topics declare. */
final class RunRecords {
  private RunRecords() {}

  static ProducerRecord<String, byte[]> run(SyncRun run) {
    return new ProducerRecord<>(
        Topics.SYNC_RUNS.name(), run.syncId().value(), bytes(Topics.SYNC_RUNS, run));
  }

  static ProducerRecord<String, byte[]> position(SyncPosition position) {
    return new ProducerRecord<>(
        Topics.SYNC_POSITIONS.name(),
        position.syncId().value(),
        bytes(Topics.SYNC_POSITIONS, position));
  }

  /** A record's version (null: a tombstone), in the partition of its sync. */
  static ProducerRecord<String, byte[]> version(
      SyncId sync, int partition, String recordId, RecordVersion version) {
    return new ProducerRecord<>(
        Topics.SYNC_RECORDS.name(),
        partition,
        sync.value() + "/" + recordId,
        version == null ? null : bytes(Topics.SYNC_RECORDS, version));
  }

  static ProducerRecord<String, byte[]> inbound(InboundRecord record) {
    return new ProducerRecord<>(
        Topics.INBOUND_RAW.name(),
        null,
        record.receivedAt().toEpochMilli(),
        record.key(),
        bytes(Topics.INBOUND_RAW, record));
  }

  private static <V> byte[] bytes(Topic<String, V> topic, V value) {
    return topic.valueSerde().serializer().serialize(topic.name(), value);
  }
}
