package io.hookyard.ingest.publish;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/** {@link EventPublisher} on reactor-kafka: idempotent producer, {@code acks=all}. */
final class ReactorKafkaEventPublisher implements EventPublisher {
  private final KafkaSender<String, CloudEvent> sender;

  ReactorKafkaEventPublisher(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, CloudEvent>create(kafka.edgeProducer("hookyard-ingest"))
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
        .flatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()))
        // off the producer's one network thread, so answering never holds up other sends
        .publishOn(Schedulers.parallel());
  }

  @Override
  public void close() {
    sender.close();
  }
}
