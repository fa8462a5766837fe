package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/** {@link InboundPublisher} on reactor-kafka: idempotent producer, {@code acks=all}. */
final class ReactorKafkaInboundPublisher implements InboundPublisher {
  private final KafkaSender<String, InboundRecord> sender;

  ReactorKafkaInboundPublisher(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, InboundRecord>create(
                    kafka.edgeProducer("hookyard-ingest-webhooks"))
                .withKeySerializer(Topics.INBOUND_RAW.keySerde().serializer())
                .withValueSerializer(Topics.INBOUND_RAW.valueSerde().serializer()));
  }

  @Override
  public Mono<Void> publish(List<InboundRecord> records) {
    return sender
        .send(
            Flux.fromIterable(records)
                .map(
                    r ->
                        SenderRecord.create(
                            new ProducerRecord<>(
                                Topics.INBOUND_RAW.name(),
                                null,
                                r.receivedAt().toEpochMilli(), // the archive's day
                                r.key(),
                                r),
                            r.id())))
        .concatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()))
        .then()
        // the result arrives on the producer's one network thread: whatever follows (the answer,
        // the archive) must not run there, or every request waits behind every other one
        .publishOn(Schedulers.parallel());
  }

  @Override
  public void close() {
    sender.close();
  }
}
