package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Writes verified vendor events to {@code hookyard.inbound.raw}. One small interface so the Kafka
 * client behind it can be swapped (it was reactor-kafka, discontinued upstream; now a plain
 * producer, {@link KafkaInboundPublisher}).
 */
interface InboundPublisher extends AutoCloseable {

  /** Completes once Kafka acknowledged every record ({@code acks=all}); errors otherwise. */
  Mono<Void> publish(List<InboundRecord> records);

  @Override
  void close();
}
