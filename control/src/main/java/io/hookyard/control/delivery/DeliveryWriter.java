package io.hookyard.control.delivery;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.kafka.SendGate;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * Puts deliveries on {@code hookyard.deliveries}, keyed by endpoint id, where dispatch treats them
 * like any other (signed, rate-limited, retried, logged): dead-letter replays and recoveries, and
 * test events. One idempotent producer ({@code acks=all}) for control; a write completes once every
 * in-sync replica has the record. {@code send} runs on the caller's thread only when {@link
 * SendGate} says it cannot block there.
 */
public final class DeliveryWriter implements AutoCloseable {
  private static final String TOPIC = Topics.DELIVERIES.name();
  private static final long BUFFER_BYTES = 32L * 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<String, byte[]> producer;
  private final SendGate gate = new SendGate(BUFFER_BYTES);

  DeliveryWriter(KafkaConnection kafka) {
    var props = kafka.producer("hookyard-control-deliveries");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Completes once every in-sync replica has {@code delivery}. */
  public Mono<Void> write(Delivery delivery) {
    return Mono.defer(
        () -> {
          byte[] bytes = Topics.DELIVERIES.valueSerde().serializer().serialize(TOPIC, delivery);
          ProducerRecord<String, byte[]> record =
              new ProducerRecord<>(TOPIC, delivery.endpointId().value(), bytes);
          Mono<Void> sent = Mono.create(sink -> send(record, sink));
          return gate.inline(TOPIC) ? sent : sent.subscribeOn(Schedulers.boundedElastic());
        });
  }

  private void send(ProducerRecord<String, byte[]> record, MonoSink<Void> sink) {
    long size = record.value().length;
    gate.sending(size);
    try {
      producer.send(
          record,
          (metadata, error) -> {
            gate.answered(TOPIC, size, error);
            if (error != null) {
              sink.error(error);
            } else {
              sink.success();
            }
          });
    } catch (RuntimeException e) {
      // thrown, not called back: the producer is closed, or the record cannot be sent at all
      gate.refused(size);
      sink.error(e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
