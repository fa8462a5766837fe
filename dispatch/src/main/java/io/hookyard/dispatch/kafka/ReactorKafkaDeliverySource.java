package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.trace.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;

/**
 * {@link DeliverySource} on reactor-kafka with out-of-order commits ({@code maxDeferredCommits}):
 * acknowledgements may come in any order and reactor-kafka commits only the contiguous prefix.
 *
 * <p>A record that does not read as a {@link Delivery} (or a tombstone) cannot be delivered or
 * retried: it is moved aside to {@code hookyard.deliveries.unreadable} ({@link
 * UnreadableDeliveries}) and acknowledged once Kafka has it there, so it neither disappears nor
 * holds the partition's commits back. When it cannot be moved the flux fails, and the record is
 * read again after the restart.
 */
final class ReactorKafkaDeliverySource implements DeliverySource {
  static final String GROUP = "hookyard-dispatch";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final ReceiverOptions<String, byte[]> options;
  private final Deserializer<Delivery> deliveries;
  private final UnreadableDeliveries unreadable;

  ReactorKafkaDeliverySource(
      KafkaConnection kafka,
      String group,
      Topic<String, Delivery> topic,
      int maxDeferredCommits,
      UnreadableDeliveries unreadable) {
    if (maxDeferredCommits < 1) {
      throw new IllegalArgumentException("maxDeferredCommits must be positive");
    }
    Map<String, Object> props = kafka.follower(group, group + "-" + topic.name());
    this.options =
        ReceiverOptions.<String, byte[]>create(props)
            .withKeyDeserializer(topic.keySerde().deserializer())
            .withValueDeserializer(new ByteArrayDeserializer())
            .maxDeferredCommits(maxDeferredCommits)
            .closeTimeout(CLOSE_TIMEOUT)
            .pollTimeout(KafkaConnection.FOLLOWER_WAIT)
            .subscription(List.of(topic.name()));
    this.deliveries = topic.valueSerde().deserializer();
    this.unreadable = unreadable;
  }

  @Override
  public Flux<Received> receive() {
    return Flux.defer(() -> KafkaReceiver.create(options).receive()).transform(this::read);
  }

  /**
   * The records as deliveries, in their order, one at a time: an unreadable one is moved aside
   * before the next is read. This is {@code flatMap} one at a time, not {@code concatMap}: the
   * dispatcher asks for more from whichever thread finished a delivery, and reactor-core's {@code
   * concatMap} (3.8.7, without prefetch), asked from other threads while it emits, sends a record
   * twice and skips the next one (reactor-core issue 4406). The end-to-end benchmark met it: the
   * skipped delivery was never sent, and its partition's commits stopped behind it.
   */
  Flux<Received> read(Flux<ReceiverRecord<String, byte[]>> records) {
    return records.flatMap(this::read, 1);
  }

  private Mono<Received> read(ReceiverRecord<String, byte[]> record) {
    Delivery delivery;
    try {
      delivery =
          record.value() == null
              ? null
              : deliveries.deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      return moveAside(record, e);
    }
    if (delivery == null) {
      return moveAside(record, new EmptyRecord());
    }
    String traceparent = Tracing.traceparent(record.headers());
    return Mono.just(
        new Received(
            traceparent == null ? delivery : delivery.withTraceparent(traceparent),
            Instant.ofEpochMilli(record.timestamp()),
            record.receiverOffset()::acknowledge,
            new Position(record.topic(), record.partition(), record.offset())));
  }

  private Mono<Received> moveAside(ReceiverRecord<String, byte[]> record, Throwable why) {
    return unreadable
        .moveAside(record, why)
        .then(Mono.fromRunnable(record.receiverOffset()::acknowledge));
  }

  /** A tombstone (or a value that reads as nothing) where a delivery should be. */
  static final class EmptyRecord extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    EmptyRecord() {
      super("the record has no delivery in it");
    }
  }
}
