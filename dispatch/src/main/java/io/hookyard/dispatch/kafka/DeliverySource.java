package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.DelayTier;
import io.hookyard.schemas.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Where deliveries come from: {@code hookyard.deliveries}, consumer group {@code
 * hookyard-dispatch}. The one place the dispatcher meets the Kafka client library for receiving
 * (reactor-kafka is discontinued upstream, so it stays behind this interface).
 *
 * <p>Each delivery must be {@linkplain Received#ack() acknowledged} once it is fully handled, in
 * any order; offsets are committed only below the lowest delivery not yet acknowledged, so a crash
 * redelivers everything unfinished and nothing else. Cancelling the flux commits what was
 * acknowledged and leaves the group.
 */
public interface DeliverySource {

  /** Deliveries as they arrive; each subscription joins the group afresh. */
  Flux<Received> receive();

  /**
   * One delivery and the handle that lets its offset be committed.
   *
   * @param enqueuedAt when the record was written (its Kafka timestamp)
   * @param from where the record was read, when known
   */
  record Received(Delivery delivery, Instant enqueuedAt, Runnable onAck, Position from) {
    public Received {
      Objects.requireNonNull(delivery, "delivery");
      Objects.requireNonNull(enqueuedAt, "enqueuedAt");
      Objects.requireNonNull(onAck, "onAck");
    }

    public Received(Delivery delivery, Instant enqueuedAt, Runnable onAck) {
      this(delivery, enqueuedAt, onAck, null);
    }

    public Received(Delivery delivery, Runnable onAck) {
      this(delivery, Instant.EPOCH, onAck, null);
    }

    /** Marks the delivery done; its offset is committed once everything before it is done too. */
    public void ack() {
      onAck.run();
    }

    /** Whether it was read from {@code topic}. */
    public boolean readFrom(String topic) {
      return from != null && from.topic().equals(topic);
    }
  }

  /** A record's place on Kafka. */
  record Position(String topic, int partition, long offset) {
    public Position {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * The reactor-kafka source.
   *
   * @param maxDeferredCommits how many acknowledged deliveries may wait behind an unfinished one
   *     before consumption pauses
   * @param publisher writes records that are not a delivery to {@code
   *     hookyard.deliveries.unreadable}
   */
  static DeliverySource reactorKafka(
      KafkaConnection kafka,
      int maxDeferredCommits,
      DispatchPublisher publisher,
      MeterRegistry meters) {
    return new ReactorKafkaDeliverySource(
        kafka,
        ReactorKafkaDeliverySource.GROUP,
        Topics.DELIVERIES,
        maxDeferredCommits,
        new UnreadableDeliveries(publisher, meters));
  }

  /**
   * One delay tier's topic, consumer group {@code hookyard-dispatch-retry-<tier>}. Its consumer is
   * paused (reactor-kafka stops fetching while nothing is requested, and keeps polling so it stays
   * in the group) for as long as the subscriber holds back demand until the head is due.
   */
  static DeliverySource delayTier(
      KafkaConnection kafka, DelayTier tier, DispatchPublisher publisher, MeterRegistry meters) {
    return new ReactorKafkaDeliverySource(
        kafka,
        "hookyard-dispatch-retry-" + tier.name(),
        tier.topic(),
        1024,
        new UnreadableDeliveries(publisher, meters));
  }
}
