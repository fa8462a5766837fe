package io.hookyard.ingest.publish;

import io.hookyard.schemas.event.EventEnvelope;
import reactor.core.publisher.Mono;

/**
 * Writes catalog events to {@code hookyard.events}. One small interface so the Kafka client behind
 * it can be swapped (it was reactor-kafka, discontinued upstream; now {@code KafkaEventPublisher}).
 */
public interface EventPublisher extends AutoCloseable {

  /** Completes once Kafka acknowledged the event ({@code acks=all}); errors if it could not. */
  Mono<Void> publish(EventEnvelope event);

  @Override
  void close();
}
