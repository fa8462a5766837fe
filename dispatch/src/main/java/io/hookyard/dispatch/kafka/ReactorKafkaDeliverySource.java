package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;

/**
 * {@link DeliverySource} on reactor-kafka with out-of-order commits ({@code maxDeferredCommits}):
 * acknowledgements may come in any order and reactor-kafka commits only the contiguous prefix.
 *
 * <p>A record that does not read as a {@link Delivery} (or a tombstone) cannot be delivered or
 * retried: it is logged by position, never by content, and acknowledged so it does not hold the
 * partition's commits back forever.
 */
final class ReactorKafkaDeliverySource implements DeliverySource {
  static final String GROUP = "hookyard-dispatch";
  private static final Logger log = LoggerFactory.getLogger(ReactorKafkaDeliverySource.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final ReceiverOptions<String, Delivery> options;

  ReactorKafkaDeliverySource(
      KafkaConnection kafka, String group, Topic<String, Delivery> topic, int maxDeferredCommits) {
    if (maxDeferredCommits < 1) {
      throw new IllegalArgumentException("maxDeferredCommits must be positive");
    }
    Map<String, Object> props = kafka.consumer(group, group + "-" + topic.name());
    this.options =
        ReceiverOptions.<String, Delivery>create(props)
            .withKeyDeserializer(topic.keySerde().deserializer())
            .withValueDeserializer(lenient(topic.valueSerde().deserializer()))
            .maxDeferredCommits(maxDeferredCommits)
            .closeTimeout(CLOSE_TIMEOUT)
            .subscription(List.of(topic.name()));
  }

  @Override
  public Flux<Received> receive() {
    return Flux.defer(() -> KafkaReceiver.create(options).receive())
        .handle(
            (record, sink) -> {
              if (record.value() == null) {
                skip(record);
              } else {
                sink.next(
                    new Received(
                        record.value(),
                        Instant.ofEpochMilli(record.timestamp()),
                        record.receiverOffset()::acknowledge));
              }
            });
  }

  private static void skip(ReceiverRecord<String, Delivery> record) {
    log.warn(
        "skipping an unreadable delivery record at {}-{} offset {}",
        record.topic(),
        record.partition(),
        record.offset());
    record.receiverOffset().acknowledge();
  }

  /** Turns a record that does not parse into null, which {@link #receive()} skips. */
  private static Deserializer<Delivery> lenient(Deserializer<Delivery> strict) {
    return (topic, bytes) -> {
      try {
        return strict.deserialize(topic, bytes);
      } catch (RuntimeException e) {
        return null;
      }
    };
  }
}
