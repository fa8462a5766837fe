package io.hookyard.control.health;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/** {@link TenantEvents} on reactor-kafka: idempotent producer, {@code acks=all}. */
final class ReactorKafkaTenantEvents implements TenantEvents {
  private final KafkaSender<String, CloudEvent> sender;

  ReactorKafkaTenantEvents(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, CloudEvent>create(kafka.producer("hookyard-control-events"))
                .withKeySerializer(Topics.EVENTS.keySerde().serializer())
                .withValueSerializer(Topics.EVENTS.valueSerde().serializer()));
  }

  @Override
  public Mono<Void> publish(EventEnvelope event) {
    ProducerRecord<String, CloudEvent> record =
        new ProducerRecord<>(Topics.EVENTS.name(), event.key(), event.toCloudEvent());
    return sender
        .send(Mono.just(SenderRecord.create(record, event.id())))
        .next()
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no send result")))
        .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()));
  }

  @Override
  public void close() {
    sender.close();
  }
}
