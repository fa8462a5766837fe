package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * An ordered lane's head: the delivery in flight, retried in place on the endpoint's schedule, its
 * try count and due time kept on {@code hookyard.deliveries.ordered.heads} ({@link OrderedRetries})
 * so a restart goes on from there, and its waits between tries, during which the lane's backlog may
 * move to {@link OrderedOverflow}. Guarded by the lane's lock: methods marked "caller locks" run
 * under it.
 */
final class OrderedHead {
  private final EndpointId id;
  private final Lanes lanes;
  private final Lane lane;
  private final HeadWait waits;

  /** The delivery in flight, else null. */
  private Lane.Pending head;

  OrderedHead(EndpointId id, Lanes lanes, Lane lane) {
    this.id = id;
    this.lanes = lanes;
    this.lane = lane;
    this.waits = new HeadWait(lane);
  }

  /** {@code p} goes in flight. Caller locks. */
  void started(Lane.Pending p) {
    head = p;
  }

  /** Nothing is in flight any more. Caller locks. */
  void cleared() {
    head = null;
    waits.clear();
  }

  /**
   * Hands everything the lane holds to {@link OrderedOverflow} once it holds more than {@code
   * orderedMaxHeld}, head first, when the head is not being sent (it waits between tries, or
   * nothing is in flight): moved, the head no longer holds its partition's commits back. Caller
   * locks; the caller's {@link Lanes} starts the appends.
   */
  void moveBacklogIfDue(Deque<Lane.Pending> queue, int inFlight) {
    if (!lanes.overflow.due(id, queue.size() + inFlight)) {
      return;
    }
    List<Lane.Pending> moving = new ArrayList<>();
    Runnable headTaken = null;
    if (inFlight > 0) {
      headTaken = head == null ? null : waits.take();
      if (headTaken == null) {
        return; // being sent: looked at again when it waits or at the next arrival
      }
      moving.add(head);
    }
    moving.addAll(queue);
    queue.clear();
    lanes.overflow.enter(id, moving);
    if (headTaken != null) {
      // only now, with the queue moved: ending the head's try frees its slot, and the lane's
      // drain() would start the next delivery in its place
      headTaken.run();
    }
  }

  /**
   * Starts a delivery where its stored head record says it stands (an ordered head that was failing
   * before a restart goes on at its try count and due time), else as it is.
   */
  Mono<Attempt> resume(
      DeliverySource.Received received, Instant accepted, Runnable freeSlot, Progress progress) {
    Delivery resumed = lanes.retries.resume(received.delivery());
    if (resumed == received.delivery()) {
      return lane.work(resumed, received, accepted, freeSlot, progress);
    }
    return around(waitUntil(resumed.dueAt()), false)
        .flatMap(go -> lane.work(resumed, received, lanes.clock.instant(), freeSlot, progress));
  }

  /**
   * What follows the head's try: a retry is stored as the head's record and then waits here, at the
   * head; anything else clears that record. Both before the attempt is recorded (a retry) or the
   * delivery acknowledged (the rest), so a crash never loses the count.
   */
  Mono<Attempt> settle(
      Delivery delivery,
      Settlement.Settled settled,
      DeliverySource.Received received,
      Runnable freeSlot,
      Progress progress) {
    if (settled.kind() != Settlement.Kind.RETRYING) {
      return lanes
          .record(delivery, settled)
          .then(lanes.retries.settled(delivery))
          .thenReturn(settled.attempt());
    }
    Delivery retry = delivery.retryAt(settled.retryAt());
    return lanes
        .retries
        .retrying(retry)
        .then(lanes.record(delivery, settled))
        .then(around(waitUntil(retry.dueAt()), false))
        .flatMap(go -> lane.work(retry, received, lanes.clock.instant(), freeSlot, progress));
  }

  /** A try held back as the same try: waits at the head until {@code until}, then again. */
  Mono<Attempt> held(
      Delivery delivery,
      DeliverySource.Received received,
      Runnable freeSlot,
      Instant until,
      Progress progress) {
    return around(waitUntil(until), false)
        .flatMap(go -> lane.work(delivery, received, lanes.clock.instant(), freeSlot, progress));
  }

  /**
   * A wait between tries, during which {@link #moveBacklogIfDue} may move the head to the backlog
   * ({@link HeadWait}): emits true to go on, or completes empty once it was moved.
   *
   * @param permits whether {@code wait} takes a circuit permission, given back if it was moved
   */
  Mono<Boolean> around(Mono<Void> wait, boolean permits) {
    return waits.around(
        wait,
        () -> {
          lane.moveBacklogIfDue();
          lanes.overflow.flush(id);
        },
        () -> {
          if (permits) {
            lanes.guards.breaker(id).releasePermission();
          }
        });
  }

  private Mono<Void> waitUntil(Instant due) {
    Duration wait = Duration.between(lanes.clock.instant(), due);
    return wait.isNegative() || wait.isZero() ? Mono.empty() : Mono.delay(wait).then();
  }
}
