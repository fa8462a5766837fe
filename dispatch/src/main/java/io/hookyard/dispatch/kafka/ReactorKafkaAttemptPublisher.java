package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * {@link AttemptPublisher} on reactor-kafka. Sends run on the sender's own thread (the Kafka
 * producer may block while it waits for metadata), never on the caller's event loop. No
 * transactions, so none of reactor-kafka's transactional API (some of which no longer links against
 * Kafka 4) is touched.
 */
final class ReactorKafkaAttemptPublisher implements AttemptPublisher {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSender<String, Attempt> sender;

  ReactorKafkaAttemptPublisher(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, Attempt>create(kafka.producer("hookyard-dispatch-attempts"))
                .withKeySerializer(Topics.ATTEMPTS.keySerde().serializer())
                .withValueSerializer(Topics.ATTEMPTS.valueSerde().serializer())
                .closeTimeout(CLOSE_TIMEOUT));
  }

  @Override
  public Mono<Void> publish(Attempt attempt) {
    ProducerRecord<String, Attempt> record =
        new ProducerRecord<>(Topics.ATTEMPTS.name(), attempt.endpointId().value(), attempt);
    return sender
        .send(Mono.just(SenderRecord.create(record, attempt.id())))
        .next()
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no send result")))
        .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
  }

  @Override
  public void close() {
    sender.close();
  }
}
