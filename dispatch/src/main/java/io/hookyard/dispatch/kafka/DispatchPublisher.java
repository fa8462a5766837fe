package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

/**
 * Everything dispatch writes, all keyed by endpoint id: attempts ({@code hookyard.attempts}),
 * deliveries sent on to a delay tier or back to {@code hookyard.deliveries}, and dead letters. The
 * one place the dispatcher meets the Kafka client library for producing. Each returned {@code Mono}
 * completes once every in-sync replica has the record ({@code acks=all}) and errors otherwise, so a
 * caller acknowledges its input only after its output is safe.
 */
public interface DispatchPublisher extends AutoCloseable {

  Mono<Void> attempt(Attempt attempt);

  /** Writes {@code delivery} to {@code topic}: a delay tier, or the deliveries topic itself. */
  Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery);

  Mono<Void> deadLetter(DeadLetter deadLetter);

  /** Writes a record as it is, headers and all (a record moved aside as unreadable). */
  Mono<Void> raw(ProducerRecord<String, byte[]> record);

  /** Flushes and closes the producer. */
  @Override
  default void close() {}

  /** The publisher on a plain Kafka producer: idempotent, {@code acks=all}. */
  static DispatchPublisher kafka(KafkaConnection kafka) {
    return new KafkaDispatchPublisher(kafka);
  }
}
