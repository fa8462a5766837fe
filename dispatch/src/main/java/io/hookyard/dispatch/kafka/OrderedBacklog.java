package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.kafka.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Where an ordered endpoint that holds too many deliveries moves them: {@code
 * hookyard.deliveries.ordered.backlog} (key endpoint id, so one endpoint's backlog is one
 * partition, in order), with the endpoint's {@link BacklogCursor} on {@code
 * hookyard.deliveries.ordered.cursors}. Each appended record carries the partition and offset it
 * had on {@code hookyard.deliveries}.
 */
public interface OrderedBacklog extends AutoCloseable {

  /**
   * One endpoint as a restart finds it.
   *
   * @param cursor as stored, with {@code appended} raised to what its backlog holds from the cursor
   *     on
   * @param unread its deliveries in the backlog from the cursor on
   */
  record Standing(BacklogCursor cursor, long unread) {
    public Standing {
      Objects.requireNonNull(cursor, "cursor");
    }
  }

  /**
   * Deliveries of one endpoint read from its backlog, each with its {@link DeliverySource.Position}
   * (acknowledging them does nothing), and where to read on.
   */
  record Batch(List<DeliverySource.Received> deliveries, long next) {
    public Batch {
      deliveries = List.copyOf(deliveries);
    }
  }

  /** Every stored cursor, those in overflow with their backlog read from the cursor to its end. */
  Mono<Map<EndpointId, Standing>> load();

  /** Stores {@code cursor} for {@code endpoint}; completes once on Kafka. */
  Mono<Void> mark(EndpointId endpoint, BacklogCursor cursor);

  /**
   * Appends deliveries read from {@code hookyard.deliveries}, in their order; completes once Kafka
   * has all of them.
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
