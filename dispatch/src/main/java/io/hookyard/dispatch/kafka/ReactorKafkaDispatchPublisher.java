package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * {@link DispatchPublisher} on reactor-kafka: one idempotent producer for every topic dispatch
 * writes, values serialized by each topic's own serde. Sends run on the sender's own thread (the
 * Kafka producer may block while it waits for metadata), never on the caller's event loop. No
 * transactions, so none of reactor-kafka's transactional API (some of which no longer links against
 * Kafka 4) is touched.
 */
final class ReactorKafkaDispatchPublisher implements DispatchPublisher {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSender<String, byte[]> sender;

  ReactorKafkaDispatchPublisher(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, byte[]>create(kafka.producer("hookyard-dispatch"))
                .withKeySerializer(new StringSerializer())
                .withValueSerializer(new ByteArraySerializer())
                .closeTimeout(CLOSE_TIMEOUT));
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
          return sender
              .send(Mono.just(SenderRecord.create(record, key)))
              .next()
              .switchIfEmpty(Mono.error(() -> new IllegalStateException("no send result")))
              .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
        });
  }

  @Override
  public void close() {
    sender.close();
  }
}
