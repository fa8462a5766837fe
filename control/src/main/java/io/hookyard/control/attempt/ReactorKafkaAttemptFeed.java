package io.hookyard.control.attempt;

import io.hookyard.schemas.delivery.Attempt;
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

/** {@link AttemptFeed} on reactor-kafka, consumer group {@code hookyard-control-attempts}. */
final class ReactorKafkaAttemptFeed implements AttemptFeed {
  private final KafkaConnection kafka;

  ReactorKafkaAttemptFeed(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  @Override
  public Flux<Batch> batches(int maxSize, Duration maxWait) {
    ReceiverOptions<String, Attempt> options =
        ReceiverOptions.<String, Attempt>create(
                kafka.follower("hookyard-control-attempts", "hookyard-control-attempts"))
            .withKeyDeserializer(Topics.ATTEMPTS.keySerde().deserializer())
            .withValueDeserializer(Lenient.of(Topics.ATTEMPTS.valueSerde().deserializer()))
            .commitInterval(Duration.ZERO)
            .pollTimeout(KafkaConnection.FOLLOWER_WAIT)
            .subscription(List.of(Topics.ATTEMPTS.name()));
    return KafkaReceiver.create(options)
        .receive()
        // fair backpressure: while the database is away the sink asks for nothing, and a plain
        // bufferTimeout would fail with an OverflowException when its timer fires regardless
        .bufferTimeout(maxSize, maxWait, true)
        .map(ReactorKafkaAttemptFeed::batch);
  }

  private static Batch batch(List<ReceiverRecord<String, Attempt>> records) {
    List<Attempt> attempts =
        records.stream().filter(Lenient::readable).map(ReceiverRecord::value).toList();
    Mono<Void> done =
        Mono.defer(
            () -> {
              records.forEach(r -> r.receiverOffset().acknowledge());
              return records.get(records.size() - 1).receiverOffset().commit();
            });
    return new Batch(attempts, done);
  }
}
