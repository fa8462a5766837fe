package io.hookyard.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Splits the benchmark's latency by stage: a {@code read_committed} consumer of one topic (no
 * group, from its end when started) notes, for every record carrying a {@code sent-<millis>} id of
 * {@link PacedPublisher}, how long after the publish call it first became visible there.
 */
final class TopicProbe implements AutoCloseable {
  private static final Pattern SENT = Pattern.compile("sent-(\\d+)-(\\d+)");

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ConcurrentLinkedQueue<Long> latenciesMs = new ConcurrentLinkedQueue<>();

  /**
   * Publish numbers already seen: a parked delivery is written to the topic again; first counts.
   */
  private final Set<String> seen = new HashSet<>();

  private final Thread thread;
  private volatile boolean running = true;

  TopicProbe(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, "read_committed");
  }

  /** With {@code isolation} {@code read_uncommitted}, also records of open transactions count. */
  TopicProbe(String bootstrapServers, String topic, String isolation) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    thread = new Thread(this::poll, "bench-probe-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
        long now = System.currentTimeMillis();
        if (r.value() != null) {
          Matcher m = SENT.matcher(new String(r.value(), StandardCharsets.UTF_8));
          if (m.find() && seen.add(m.group(2))) {
            latenciesMs.add(now - Long.parseLong(m.group(1)));
          }
        }
      }
    }
    consumer.close();
  }

  long[] latenciesMs() {
    return latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
