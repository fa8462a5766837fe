package io.hookyard.ingest.webhook;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * {@link InboundPublisher} on reactor-kafka: idempotent producer, {@code acks=all}. Records are
 * serialized on the calling (request) thread, not on reactor-kafka's one sender thread, which every
 * request shares.
 */
final class ReactorKafkaInboundPublisher implements InboundPublisher {
  private static final String TOPIC = Topics.INBOUND_RAW.name();

  private final KafkaSender<String, byte[]> sender;
  private final Serializer<InboundRecord> values = Topics.INBOUND_RAW.valueSerde().serializer();

  ReactorKafkaInboundPublisher(KafkaConnection kafka) {
    this.sender =
        KafkaSender.create(
            SenderOptions.<String, byte[]>create(kafka.edgeProducer("hookyard-ingest-webhooks"))
                .withKeySerializer(Topics.INBOUND_RAW.keySerde().serializer())
                .withValueSerializer(new ByteArraySerializer()));
  }

  @Override
  public Mono<Void> publish(List<InboundRecord> records) {
    return Mono.defer(() -> send(records.stream().map(this::serialized).toList()))
        // the result arrives on the producer's one network thread: whatever follows (the answer)
        // must not run there, or every request waits behind every other one
        .publishOn(Schedulers.parallel());
  }

  private SenderRecord<String, byte[], String> serialized(InboundRecord r) {
    return SenderRecord.create(
        new ProducerRecord<>(
            TOPIC,
            null,
            r.receivedAt().toEpochMilli(), // the archive's day
            r.key(),
            values.serialize(TOPIC, r)),
        r.id());
  }

  private Mono<Void> send(List<SenderRecord<String, byte[], String>> records) {
    return sender
        .send(Flux.fromIterable(records))
        .concatMap(r -> r.exception() == null ? Mono.<Void>empty() : Mono.error(r.exception()))
        .then();
  }

  @Override
  public void close() {
    sender.close();
  }
}
