package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.kafka.KafkaConnection;
import reactor.core.publisher.Mono;

/**
 * Where attempts go: {@code hookyard.attempts}, keyed by endpoint id. The one place the dispatcher
 * meets the Kafka client library for producing.
 */
public interface AttemptPublisher extends AutoCloseable {

  /** Completes once every in-sync replica has the attempt ({@code acks=all}); errors otherwise. */
  Mono<Void> publish(Attempt attempt);

  /** Flushes and closes the producer. */
  @Override
  default void close() {}

  /** The reactor-kafka publisher: idempotent producer, {@code acks=all}. */
  static AttemptPublisher reactorKafka(KafkaConnection kafka) {
    return new ReactorKafkaAttemptPublisher(kafka);
  }
}
