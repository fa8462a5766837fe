package io.hookyard.ingest.sync;

import io.hookyard.schemas.kafka.KafkaConnection;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The engine's Kafka clients. */
final class SyncKafka {
  private SyncKafka() {}

  /** The group member that gets syncs assigned; it never reads records, only holds partitions. */
  static Map<String, Object> groupConsumer(KafkaConnection kafka, SyncSettings settings) {
    Map<String, Object> props = kafka.follower(SyncCoordinator.GROUP, "hookyard-sync-coordinator");
    long session = settings.sessionTimeout().toMillis();
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, session / 4));
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** Reads positions and record versions from the start; no group. */
  static Map<String, Object> loader(KafkaConnection kafka) {
    Map<String, Object> props = kafka.consumer("unused", "hookyard-sync-loader");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /**
   * The page committer. Its transactional id is this instance's, stable across restarts, so a
   * restart aborts a transaction the previous process left open at once; the short transaction
   * timeout bounds how long another instance's abandoned one holds back read_committed readers.
   */
  static Map<String, Object> transactionalProducer(KafkaConnection kafka, String transactionalId) {
    Map<String, Object> props = kafka.producer("hookyard-sync-pages");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }
}
