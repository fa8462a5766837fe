package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.GatedProducer;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Tracing;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link DispatchPublisher} on a plain {@link KafkaProducer}: one idempotent producer ({@code
 * acks=all}) for every topic dispatch writes, values serialized by each topic's own serde on the
 * calling thread. A send completes on the producer's acknowledgement callback.
 *
 * <p>A record is handed over on the calling thread only when {@link GatedProducer#send} says that
 * cannot block; otherwise {@code send} runs on the bounded elastic scheduler. This replaced
 * reactor-kafka's sender, whose per-record pipeline cost about as much as the send itself.
 */
final class KafkaDispatchPublisher implements DispatchPublisher {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final GatedProducer producer;

  KafkaDispatchPublisher(KafkaConnection kafka) {
    this.producer = new GatedProducer(kafka.producer("hookyard-dispatch"));
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

  @Override
  public Mono<Void> raw(ProducerRecord<String, byte[]> record) {
    return Mono.fromFuture(
        () -> producer.send(List.of(record), task -> Schedulers.boundedElastic().schedule(task)));
  }

  @Override
  public Mono<Void> raw(List<ProducerRecord<String, byte[]>> records) {
    return Mono.fromFuture(
        () -> producer.send(records, task -> Schedulers.boundedElastic().schedule(task)));
  }

  private <V> Mono<Void> send(Topic<String, V> topic, String key, V value) {
    return Mono.defer(
        () -> {
          byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
          // the trace a delivery continues travels on as a header, to its retries and dead letter
          Tracing.setTraceparent(record.headers(), traceparent(value));
          return raw(record);
        });
  }

  private static String traceparent(Object value) {
    if (value instanceof Delivery delivery) {
      return delivery.traceparent();
    }
    return value instanceof DeadLetter dead ? dead.delivery().traceparent() : null;
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
