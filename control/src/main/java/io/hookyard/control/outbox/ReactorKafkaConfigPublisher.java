package io.hookyard.control.outbox;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/** {@link ConfigPublisher} on reactor-kafka: idempotent, {@code acks=all}, in order. */
final class ReactorKafkaConfigPublisher implements ConfigPublisher {
  private final KafkaSender<String, byte[]> sender;

  ReactorKafkaConfigPublisher(KafkaConnection kafka) {
    SenderOptions<String, byte[]> options =
        SenderOptions.<String, byte[]>create(kafka.producer("hookyard-control-outbox"))
            .withKeySerializer(new StringSerializer())
            .withValueSerializer(new ByteArraySerializer())
            .maxInFlight(1);
    this.sender = KafkaSender.create(options);
  }

  @Override
  public Mono<Void> publish(List<OutboxRow> rows) {
    Flux<SenderRecord<String, byte[], Long>> records =
        Flux.fromIterable(rows)
            .map(
                row ->
                    SenderRecord.create(
                        new ProducerRecord<>(
                            Topics.CONFIG.name(),
                            row.key(),
                            row.json() == null
                                ? null
                                : row.json().getBytes(StandardCharsets.UTF_8)),
                        row.seq()));
    return sender
        .send(records)
        .concatMap(
            result -> result.exception() == null ? Mono.empty() : Mono.error(result.exception()))
        .then();
  }

  @Override
  public void close() {
    sender.close();
  }
}
