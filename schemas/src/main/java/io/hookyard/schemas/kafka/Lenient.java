package io.hookyard.schemas.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading for a sink that must not stop on one bad record: a value that does not parse reads as
 * null, and {@link #readable} lets such a record (or a tombstone) through to be acknowledged and
 * skipped, logged by its position and never by its content. Without it the consumer fails at the
 * same offset on every restart, and the sink is stuck for good.
 */
public final class Lenient {
  private static final Logger log = LoggerFactory.getLogger(Lenient.class);

  private Lenient() {}

  public static <T> Deserializer<T> of(Deserializer<T> strict) {
    return (topic, bytes) -> {
      try {
        return strict.deserialize(topic, bytes);
      } catch (RuntimeException e) {
        return null;
      }
    };
  }

  /** True for a record with a value; false, and a log line by position, for one without. */
  public static boolean readable(ConsumerRecord<?, ?> record) {
    if (record.value() != null) {
      return true;
    }
    log.warn(
        "skipping an unreadable record at {}-{} offset {}",
        record.topic(),
        record.partition(),
        record.offset());
    return false;
  }
}
