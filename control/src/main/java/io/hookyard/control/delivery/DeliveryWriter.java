package io.hookyard.control.delivery;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.GatedProducer;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts deliveries on {@code hookyard.deliveries}, keyed by endpoint id, where dispatch treats them
 * like any other (signed, rate-limited, retried, logged): dead-letter replays and recoveries, and
 * test events. One idempotent producer ({@code acks=all}) for control; a write completes once every
 * in-sync replica has the record. {@code send} runs on the caller's thread only when {@link
 * GatedProducer#send} says it cannot block there.
 */
public final class DeliveryWriter implements AutoCloseable {
  private static final String TOPIC = Topics.DELIVERIES.name();
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final GatedProducer producer;

  DeliveryWriter(KafkaConnection kafka) {
    this.producer = new GatedProducer(kafka.producer("hookyard-control-deliveries"));
  }

  /** Completes once every in-sync replica has {@code delivery}. */
  public Mono<Void> write(Delivery delivery) {
    return Mono.defer(
        () -> {
          byte[] bytes = Topics.DELIVERIES.valueSerde().serializer().serialize(TOPIC, delivery);
          ProducerRecord<String, byte[]> record =
              new ProducerRecord<>(TOPIC, delivery.endpointId().value(), bytes);
          return Mono.fromFuture(
              () ->
                  producer.send(
                      List.of(record), task -> Schedulers.boundedElastic().schedule(task)));
        });
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
