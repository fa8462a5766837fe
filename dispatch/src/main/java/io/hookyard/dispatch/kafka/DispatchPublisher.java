package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.delivery.OrderedHead;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topic;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything dispatch writes, all keyed by endpoint id: attempts ({@code hookyard.attempts}),
 * deliveries sent on to a delay tier or back to {@code hookyard.deliveries}, and dead letters. The
 * one place the dispatcher meets the Kafka client library for producing. Each returned {@code Mono}
 * completes once every in-sync replica has the record ({@code acks=all}) and errors otherwise, so a
 * caller acknowledges its input only after its output is safe.
 */
public interface DispatchPublisher extends AutoCloseable {

  Mono<Void> attempt(Attempt attempt);

  /** Writes {@code delivery} to {@code topic}: a delay tier, or the deliveries topic itself. */
  Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery);

  Mono<Void> deadLetter(DeadLetter deadLetter);

  /** Writes a record as it is, headers and all (a record moved aside as unreadable). */
  Mono<Void> raw(ProducerRecord<String, byte[]> record);

  /**
   * Writes records as they are, in their order (one partition keeps it); completes once Kafka has
   * all of them.
   */
  default Mono<Void> raw(List<ProducerRecord<String, byte[]>> records) {
    return Flux.fromIterable(records).concatMap(this::raw).then();
  }

  /** Flushes and closes the producer. */
  @Override
  default void close() {}

  /** The publisher on a plain Kafka producer: idempotent, {@code acks=all}. */
  static DispatchPublisher kafka(KafkaConnection kafka) {
    return new KafkaDispatchPublisher(kafka);
  }

  /**
   * Where failing ordered endpoints' head deliveries stand ({@code
   * hookyard.deliveries.ordered.heads}, compacted, key endpoint id): written before a failed head's
   * attempt is recorded, cleared before a settled head is acknowledged, read when the dispatcher
   * starts, so a restart goes on with the try count and due time the head had.
   */
  interface OrderedHeads {

    /** Every stored head, read to the topic's end. */
    Mono<Map<EndpointId, OrderedHead>> load();

    /**
     * Stores {@code head} for {@code endpoint}, or clears it when null; completes once on Kafka.
     */
    Mono<Void> put(EndpointId endpoint, OrderedHead head);

    /** On Kafka, written through {@code publisher}. */
    static OrderedHeads kafka(KafkaConnection kafka, DispatchPublisher publisher) {
      return new KafkaOrderedHeads(kafka, publisher);
    }

    /**
     * In memory, for a dispatcher without Kafka (tests): it survives runs of one dispatcher only.
     */
    static OrderedHeads inMemory() {
      Map<EndpointId, OrderedHead> stored = new ConcurrentHashMap<>();
      return new OrderedHeads() {
        @Override
        public Mono<Map<EndpointId, OrderedHead>> load() {
          return Mono.fromSupplier(() -> Map.copyOf(stored));
        }

        @Override
        public Mono<Void> put(EndpointId endpoint, OrderedHead head) {
          return Mono.fromRunnable(
              () -> {
                if (head == null) {
                  stored.remove(endpoint);
                } else {
                  stored.put(endpoint, head);
                }
              });
        }
      };
    }
  }

  /**
   * Where an ordered endpoint that holds too many deliveries moves them: {@code
   * hookyard.deliveries.ordered.backlog} (key endpoint id, so one endpoint's backlog is one
   * partition, in order), with the endpoint's {@link BacklogCursor} on {@code
   * hookyard.deliveries.ordered.cursors}. Each appended record carries the partition and offset it
   * had on {@code hookyard.deliveries}.
   */
  interface OrderedBacklog extends AutoCloseable {

    /**
     * One endpoint as a restart finds it.
     *
     * @param cursor as stored, with {@code appended} raised to what its backlog holds from the
     *     cursor on
     * @param unread its deliveries in the backlog from the cursor on
     */
    record Standing(BacklogCursor cursor, long unread) {
      public Standing {
        Objects.requireNonNull(cursor, "cursor");
      }
    }

    /**
     * Deliveries of one endpoint read from its backlog, each with its {@link
     * DeliverySource.Position} (acknowledging them does nothing), and where to read on.
     */
    record Batch(List<DeliverySource.Received> deliveries, long next) {
      public Batch {
        deliveries = List.copyOf(deliveries);
      }
    }

    /**
     * Every stored cursor, those in overflow with their backlog read from the cursor to its end.
     */
    Mono<Map<EndpointId, Standing>> load();

    /** Stores {@code cursor} for {@code endpoint}; completes once on Kafka. */
    Mono<Void> mark(EndpointId endpoint, BacklogCursor cursor);

    /**
     * Appends deliveries read from {@code hookyard.deliveries}, in their order; completes once
     * Kafka has all of them.
     */
    Mono<Void> append(List<DeliverySource.Received> deliveries);

    /**
     * At most {@code max} of {@code endpoint}'s deliveries from offset {@code from} of its backlog
     * partition; none when it has none there yet. Calls for one endpoint must not overlap.
     */
    Mono<Batch> read(EndpointId endpoint, long from, int max);

    /** Lets go of what reading {@code endpoint}'s backlog holds. */
    void release(EndpointId endpoint);

    @Override
    void close();

    /** On Kafka, written through {@code publisher}. */
    static OrderedBacklog kafka(KafkaConnection kafka, DispatchPublisher publisher) {
      return new KafkaOrderedBacklog(kafka, publisher);
    }
  }
}
