package io.hookyard.control.testevent;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/** {@link TestDeliveries} on reactor-kafka: idempotent producer, {@code acks=all}. */
final class ReactorKafkaTestDeliveries implements TestDeliveries {
  private final KafkaSender<String, Delivery> sender;

  ReactorKafkaTestDeliveries(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, Delivery>create(kafka.producer("hookyard-control-test-events"))
                .withKeySerializer(Topics.DELIVERIES.keySerde().serializer())
                .withValueSerializer(Topics.DELIVERIES.valueSerde().serializer()));
  }

  @Override
  public Mono<Void> send(Delivery delivery) {
    ProducerRecord<String, Delivery> record =
        new ProducerRecord<>(Topics.DELIVERIES.name(), delivery.endpointId().value(), delivery);
    return sender
        .send(Mono.just(SenderRecord.create(record, delivery.messageId().value())))
        .next()
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no send result")))
        .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
  }

  @Override
  public void close() {
    sender.close();
  }
}
