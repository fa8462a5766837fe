package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@link DispatchPublisher} on a plain {@link KafkaProducer}: one idempotent producer ({@code
 * acks=all}) for every topic dispatch writes, values serialized by each topic's own serde on the
 * calling thread. A send completes on the producer's acknowledgement callback.
 *
 * <p>{@code send} blocks while the producer has no metadata for a topic or its buffer is full, and
 * callers are usually netty event loops or the consumer's thread. So a record is handed over on the
 * calling thread only while the producer is known to be healthy: Kafka acknowledged the last send
 * that finished, within the last minute, and the bytes awaiting acknowledgement stay well under the
 * buffer. Otherwise (at start, after a quiet spell, during an outage, under a backlog) {@code send}
 * runs on the bounded elastic scheduler, where blocking is allowed. This replaced reactor-kafka's
 * sender, whose per-record pipeline cost about as much as the send itself.
 */
final class KafkaDispatchPublisher implements DispatchPublisher {
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;
  private static final long FRESH_NANOS = Duration.ofMinutes(1).toNanos();
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final String NETWORK_THREAD = "kafka-producer-network-thread";

  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong unacknowledgedBytes = new AtomicLong();

  /** When Kafka last acknowledged a record of each topic; absent until it has. */
  private final Map<String, Long> lastAcknowledged = new ConcurrentHashMap<>();

  private volatile boolean healthy;

  KafkaDispatchPublisher(KafkaConnection kafka) {
    var props = kafka.producer("hookyard-dispatch");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Mono<Void> attempt(Attempt attempt) {
    return send(Topics.ATTEMPTS, attempt.endpointId().value(), attempt);
  }

  @Override
  public Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery) {
    return send(topic, delivery.endpointId().value(), delivery);
  }

  @Override
  public Mono<Void> deadLetter(DeadLetter deadLetter) {
    return send(Topics.DEAD_LETTERS, deadLetter.delivery().endpointId().value(), deadLetter);
  }

  private <V> Mono<Void> send(Topic<String, V> topic, String key, V value) {
    return Mono.defer(
        () -> {
          byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
          Mono<Void> sent = Mono.create(sink -> send(record, sink));
          return sendsWithoutBlocking(topic.name())
              ? sent
              : sent.subscribeOn(Schedulers.boundedElastic());
        });
  }

  /**
   * Whether {@code send} to {@code topic} cannot block now. Never on the producer's own network
   * thread (a send there that waited for metadata would wait for itself), which is where
   * acknowledgements, and so the work that follows them, run.
   */
  private boolean sendsWithoutBlocking(String topic) {
    Long acknowledged = lastAcknowledged.get(topic);
    return healthy
        && acknowledged != null
        && System.nanoTime() - acknowledged < FRESH_NANOS
        && unacknowledgedBytes.get() < BUFFER_BYTES / 4
        && !Thread.currentThread().getName().startsWith(NETWORK_THREAD);
  }

  private void send(ProducerRecord<String, byte[]> record, MonoSink<Void> sink) {
    long size = record.value().length;
    unacknowledgedBytes.addAndGet(size);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            unacknowledgedBytes.addAndGet(-size);
            healthy = error == null;
            if (error != null) {
              sink.error(error);
              return;
            }
            lastAcknowledged.put(record.topic(), System.nanoTime());
            sink.success();
          });
    } catch (RuntimeException e) {
      // thrown, not called back: the producer is closed, or the record cannot be sent at all
      unacknowledgedBytes.addAndGet(-size);
      healthy = false;
      sink.error(e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
