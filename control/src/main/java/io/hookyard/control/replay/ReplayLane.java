package io.hookyard.control.replay;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * How replayed deliveries reach an endpoint without crowding out its live ones. They take the
 * normal path — {@code hookyard.deliveries}, keyed by endpoint id — so dispatch's lane for the
 * endpoint applies its rate limit, circuit breaker, retries and ordering to them as to any
 * delivery. What keeps live traffic flowing is how they are fed: one small batch at a time (a few
 * seconds of the endpoint's rate, {@link ReplaySettings#batchFor}), and the next only once
 * dispatch's committed offset on the endpoint's partition passed the last one. Dispatch commits
 * only below its lowest unfinished delivery, so by then every delivery that was ahead of the batch
 * on that partition — the endpoint's live backlog included — is finished too. A live delivery
 * therefore waits behind at most one batch, and live deliveries that arrived meanwhile are ahead of
 * the next.
 */
final class ReplayLane implements AutoCloseable {
  /** Dispatch's consumer group on {@code hookyard.deliveries} (dispatch's delivery source). */
  static final String DISPATCH_GROUP = "hookyard-dispatch";

  private static final String TOPIC = Topics.DELIVERIES.name();
  private static final Duration CHECK = Duration.ofMillis(250);

  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  ReplayLane(KafkaConnection kafka) {
    this.producer =
        new KafkaProducer<>(
            kafka.producer("hookyard-control-replays"),
            new StringSerializer(),
            new ByteArraySerializer());
    this.admin = Admin.create(kafka.admin());
  }

  /** Where the last delivery of a batch landed on {@code hookyard.deliveries}. */
  record Written(int partition, long offset) {}

  /** Puts {@code deliveries} on {@code hookyard.deliveries}; empty for an empty batch. */
  Mono<Written> write(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return Mono.empty();
    }
    return Mono.fromCallable(
            () -> {
              Future<RecordMetadata> last = null;
              for (Delivery delivery : deliveries) {
                byte[] bytes =
                    Topics.DELIVERIES.valueSerde().serializer().serialize(TOPIC, delivery);
                last =
                    producer.send(
                        new ProducerRecord<>(TOPIC, delivery.endpointId().value(), bytes));
              }
              producer.flush();
              try {
                RecordMetadata metadata = last.get();
                return new Written(metadata.partition(), metadata.offset());
              } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused a replayed delivery", e.getCause());
              }
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * Completes once dispatch finished everything up to and including {@code written} on its
   * partition, or after {@code atMost}: the batch is safely on Kafka either way, and waiting is
   * only pacing (an ordered endpoint retrying a failing head holds its partition's commits back).
   */
  Mono<Void> taken(Written written, Duration atMost) {
    TopicPartition partition = new TopicPartition(TOPIC, written.partition());
    return Flux.interval(Duration.ZERO, CHECK)
        .onBackpressureDrop()
        .concatMap(tick -> committed(partition))
        .filter(offset -> offset > written.offset())
        .next()
        .timeout(atMost, Mono.empty())
        .then();
  }

  private Mono<Long> committed(TopicPartition partition) {
    return Mono.fromCompletionStage(
            () ->
                admin
                    .listConsumerGroupOffsets(DISPATCH_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .toCompletionStage())
        .map(
            (Map<TopicPartition, OffsetAndMetadata> offsets) -> {
              OffsetAndMetadata at = offsets.get(partition);
              return at == null ? -1L : at.offset();
            });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(10));
  }
}
