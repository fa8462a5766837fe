package io.hookyard.schemas.delivery;

import io.hookyard.schemas.id.MessageId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a failing ordered endpoint's head delivery stands, on {@code
 * hookyard.deliveries.ordered.heads} keyed by endpoint id (compacted; a tombstone once the head
 * succeeded or was dead-lettered). An ordered endpoint retries its head in place, unacknowledged,
 * so after a crash the head is read again as a first try; this record lets it go on from where it
 * was instead.
 *
 * @param messageId the head's {@code webhook-id}: the record applies to that delivery only
 * @param attempt the number of the next try
 * @param dueAt when the next try is due
 */
public record OrderedHead(MessageId messageId, int attempt, Instant dueAt) {
  public OrderedHead {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(dueAt, "dueAt");
    if (attempt < 2) {
      throw new IllegalArgumentException("a stored head is at least on its second try");
    }
  }

  /** The next try of a head that failed: {@code retry} as {@link Delivery#retryAt} made it. */
  public static OrderedHead of(Delivery retry) {
    return new OrderedHead(retry.messageId(), retry.attempt(), retry.dueAt());
  }

  /**
   * {@code delivery} as this record says it stands: the stored try, due at the stored time, when it
   * is the same delivery and not already further along; else {@code delivery} as it is.
   */
  public Delivery resume(Delivery delivery) {
    if (!delivery.messageId().equals(messageId) || delivery.attempt() >= attempt) {
      return delivery;
    }
    return new Delivery(
        delivery.messageId(),
        delivery.eventId(),
        delivery.eventType(),
        delivery.tenantId(),
        delivery.endpointId(),
        delivery.eventTime(),
        attempt,
        delivery.payload(),
        dueAt);
  }
}
