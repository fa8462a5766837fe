package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.schemas.delivery.BacklogCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one ordered endpoint stands with its backlog in a run of the dispatcher ({@link
 * OrderedOverflow}). Guarded by its own lock; taken after the endpoint's lane's lock, never before.
 */
final class BacklogState {
  /** Fed from the backlog; new deliveries are appended to it. */
  boolean active;

  /** Backlog read and settled; its {@code overflow: false} is being stored. */
  boolean leaving;

  /** Its {@code overflow: true} is on Kafka (nothing may be appended before). */
  boolean marked;

  boolean flushing;
  boolean fetching;

  /** Append batches started, so a read can tell whether one started meanwhile. */
  long flushes;

  /** The backlog offset from which its deliveries are not all settled. */
  long cursor;

  long markedCursor;
  long readPosition;

  /** Its deliveries in the backlog (or on their way there) not yet read. */
  long unread;

  /** Per main-topic partition, the highest offset of its deliveries in the backlog. */
  final Map<Integer, Long> appended = new HashMap<>();

  /** Main-topic deliveries waiting to be appended, in order. */
  final List<Lane.Pending> pending = new ArrayList<>();

  BacklogState() {}

  BacklogState(OrderedBacklog.Standing standing) {
    active = standing.cursor().overflow();
    marked = active;
    cursor = standing.cursor().cursor();
    markedCursor = cursor;
    readPosition = cursor;
    unread = standing.unread();
    appended.putAll(standing.cursor().appended());
  }

  /** As it is to be stored. Caller locks. */
  BacklogCursor stored() {
    return new BacklogCursor(active && !leaving, cursor, appended);
  }

  synchronized void settled(long offset) {
    cursor = Math.max(cursor, offset + 1);
  }

  synchronized void markedAt(long at) {
    marked = true;
    markedCursor = at;
  }

  synchronized boolean isActive() {
    return active;
  }

  /** Deliveries in its backlog not yet handed to its lane, while it is fed from there. */
  synchronized long backlogged() {
    return active ? Math.max(0, unread) : 0;
  }
}
