package io.hookyard.schemas.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain {@link KafkaProducer} of serialized values with its {@link SendGate}: the one place that
 * hands records to the producer and keeps the gate's account of what is waiting, and the one place
 * that decides whether a send may run on the caller's thread.
 */
public final class GatedProducer implements AutoCloseable {
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;

  private final KafkaProducer<String, byte[]> producer;
  private final SendGate gate = new SendGate(BUFFER_BYTES);

  /** A producer with {@code props} (from {@link KafkaConnection}) and a 32 MiB buffer. */
  public GatedProducer(Map<String, Object> props) {
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Hands {@code records} to the producer in their order: on the calling thread when the gate says
   * that cannot block it, otherwise on {@code elsewhere}, where blocking is allowed (no metadata
   * yet, a full buffer). The result completes when Kafka acknowledged all of them ({@code
   * acks=all}), or with the first error.
   */
  public CompletableFuture<Void> send(
      List<ProducerRecord<String, byte[]>> records, Executor elsewhere) {
    for (ProducerRecord<String, byte[]> record : records) {
      if (!gate.inline(record.topic())) {
        return CompletableFuture.supplyAsync(() -> sendHere(records), elsewhere)
            .thenCompose(sent -> sent);
      }
    }
    return sendHere(records);
  }

  private CompletableFuture<Void> sendHere(List<ProducerRecord<String, byte[]>> records) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      long size = record.value() == null ? 0 : record.value().length;
      gate.sending(size);
      try {
        producer.send(
            record,
            (metadata, error) -> {
              gate.answered(record.topic(), size, error);
              if (error != null) {
                result.completeExceptionally(error); // the first error wins
              } else if (pending.decrementAndGet() == 0) {
                result.complete(null);
              }
            });
      } catch (RuntimeException e) {
        // thrown, not called back: the producer is closed, or the record cannot be sent at all
        gate.refused(size);
        result.completeExceptionally(e);
        return result;
      }
    }
    return result;
  }

  public void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
