package io.hookyard.control.deadletter;

import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.kafka.Lenient;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;

/** {@link DeadLetterFeed} on reactor-kafka, consumer group {@code hookyard-control-dead}. */
final class ReactorKafkaDeadLetterFeed implements DeadLetterFeed {
  private static final String GROUP = "hookyard-control-dead";
  private final KafkaConnection kafka;

  ReactorKafkaDeadLetterFeed(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  @Override
  public Flux<Batch> batches(int maxSize, Duration maxWait) {
    ReceiverOptions<String, DeadLetter> options =
        ReceiverOptions.<String, DeadLetter>create(kafka.follower(GROUP, GROUP))
            .withKeyDeserializer(Topics.DEAD_LETTERS.keySerde().deserializer())
            .withValueDeserializer(Lenient.of(Topics.DEAD_LETTERS.valueSerde().deserializer()))
            .commitInterval(Duration.ZERO)
            .pollTimeout(KafkaConnection.FOLLOWER_WAIT)
            .subscription(List.of(Topics.DEAD_LETTERS.name()));
    return KafkaReceiver.create(options)
        .receive()
        // fair backpressure: while the database is away the sink asks for nothing, and a plain
        // bufferTimeout would fail with an OverflowException when its timer fires regardless
        .bufferTimeout(maxSize, maxWait, true)
        .map(ReactorKafkaDeadLetterFeed::batch);
  }

  private static Batch batch(List<ReceiverRecord<String, DeadLetter>> records) {
    List<DeadLetter> deadLetters =
        records.stream().filter(Lenient::readable).map(ReceiverRecord::value).toList();
    Mono<Void> done =
        Mono.defer(
            () -> {
              records.forEach(r -> r.receiverOffset().acknowledge());
              return records.get(records.size() - 1).receiverOffset().commit();
            });
    return new Batch(deadLetters, done);
  }
}
