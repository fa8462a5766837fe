package io.hookyard.schemas.topic;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic, declared once: its name, how it is laid out, and how its keys and values are
 * written. Every topic is created at start-up from this declaration when it is missing.
 *
 * @param retention how long records are kept; {@code null} for compacted topics
 */
public record Topic<K, V>(
    String name,
    int partitions,
    boolean compacted,
    Duration retention,
    Serde<K> keySerde,
    Serde<V> valueSerde) {

  public Topic {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9]+(\\.[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("topic names are lower case with dots: " + name);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive: " + name);
    }
    if (compacted == (retention != null)) {
      throw new IllegalArgumentException("a topic is either compacted or has a retention: " + name);
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** This topic kept for {@code retention} instead: an operator's setting, such as events'. */
  public Topic<K, V> withRetention(Duration retention) {
    if (compacted) {
      throw new IllegalArgumentException("a compacted topic has no retention: " + name);
    }
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive: " + name);
    }
    return new Topic<>(name, partitions, false, retention, keySerde, valueSerde);
  }

  /** The topic-level settings to create it with. */
  public Map<String, String> configs() {
    if (compacted) {
      return Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
          "0");
    }
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(retention.toMillis()));
  }
}
