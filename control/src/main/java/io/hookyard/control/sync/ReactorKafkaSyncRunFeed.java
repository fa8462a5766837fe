package io.hookyard.control.sync;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.sync.SyncRun;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;

/** {@link SyncRunFeed} on reactor-kafka, consumer group {@code hookyard-control-sync-runs}. */
final class ReactorKafkaSyncRunFeed implements SyncRunFeed {
  static final String GROUP = "hookyard-control-sync-runs";

  private final KafkaConnection kafka;

  ReactorKafkaSyncRunFeed(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  @Override
  public Flux<Batch> batches(int maxSize, Duration maxWait) {
    ReceiverOptions<String, SyncRun> options =
        ReceiverOptions.<String, SyncRun>create(kafka.follower(GROUP, GROUP))
            .withKeyDeserializer(Topics.SYNC_RUNS.keySerde().deserializer())
            .withValueDeserializer(Topics.SYNC_RUNS.valueSerde().deserializer())
            .commitInterval(Duration.ZERO)
            .pollTimeout(KafkaConnection.FOLLOWER_WAIT)
            .subscription(List.of(Topics.SYNC_RUNS.name()));
    return KafkaReceiver.create(options)
        .receive()
        // fair backpressure, as in the attempt feed: while the database is away nothing is asked
        .bufferTimeout(maxSize, maxWait, true)
        .map(ReactorKafkaSyncRunFeed::batch);
  }

  private static Batch batch(List<ReceiverRecord<String, SyncRun>> records) {
    List<SyncRun> runs =
        records.stream().map(ReceiverRecord::value).filter(r -> r != null).toList();
    Mono<Void> done =
        Mono.defer(
            () -> {
              records.forEach(r -> r.receiverOffset().acknowledge());
              return records.get(records.size() - 1).receiverOffset().commit();
            });
    return new Batch(runs, done);
  }
}
