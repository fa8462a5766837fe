package io.hookyard.control.outbox;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Publishes config records to {@code hookyard.config}. One small interface, so the Kafka client
 * behind it (reactor-kafka today, discontinued upstream) can be swapped.
 */
public interface ConfigPublisher extends AutoCloseable {

  /** Sends the records in order; completes once Kafka acknowledged all of them. */
  Mono<Void> publish(List<OutboxRow> rows);

  @Override
  void close();
}
