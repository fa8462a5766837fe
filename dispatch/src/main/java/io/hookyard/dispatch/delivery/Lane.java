package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One endpoint's deliveries in this dispatcher: a small queue in front of its rate limiter and
 * circuit breaker ({@link EndpointGuards}).
 *
 * <ul>
 *   <li><b>Unordered</b> (the default): up to {@code endpointConcurrency} requests in flight. Only
 *       about {@code maxHold} of backlog is held here; a delivery that would wait longer, or that
 *       arrives while the circuit is open, is <i>parked</i> — written to the delay tiers as the
 *       same try, due when its turn comes, and acknowledged (a turn estimated from the endpoint's
 *       measured pace is cut to {@code maxPark} the first time: it looks again then). So a slow,
 *       limited or broken endpoint holds at most {@code maxHold} of commits back, never the other
 *       endpoints of its partition.
 *   <li><b>Ordered</b>: one request at a time, strictly in the order the deliveries reach the
 *       endpoint's partition (events of one subject travel one partition all the way, so they keep
 *       their publish order; events of different subjects are routed in parallel and arrive in
 *       routing order). A failed delivery is retried here, at the head, on the endpoint's schedule
 *       (then dead-lettered), and holds the later deliveries of this endpoint only. Nothing is
 *       acknowledged out of order, so after a crash the lane starts again from its first unfinished
 *       delivery; a failing head's try count and due time are kept on {@code
 *       hookyard.deliveries.ordered.heads} ({@link OrderedRetries}), so it goes on from there.
 * </ul>
 *
 * Each delivery completes with its (last) attempt, or empty when it was parked, and is acknowledged
 * just before that.
 */
final class Lane {
  private final EndpointId id;
  private final Lanes lanes;
  private final LaneGate gate;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private EndpointConfig endpoint;
  private final LaneParking parking;
  private int inFlight;

  /** The ordered lane's delivery in flight (else null), and its waits between tries. */
  private Pending head;

  private final HeadWait headWait = new HeadWait(this);
  private final GuardedSend sender;
  private final LaneBatch batches;

  record Pending(
      DeliverySource.Received received,
      Instant accepted,
      Sinks.One<Attempt> result,
      Progress progress) {}

  Lane(EndpointId id, Lanes lanes) {
    this.id = id;
    this.lanes = lanes;
    this.gate = new LaneGate(id, lanes.guards, lanes.clock);
    this.parking = new LaneParking(id, lanes, gate, this);
    this.sender = new GuardedSend(id, lanes, parking::observe);
    this.batches = new LaneBatch(this, lanes, gate, sender);
  }

  /**
   * Queues or parks one delivery; call {@link #drain()} afterwards. The result completes once it is
   * acknowledged.
   */
  synchronized Mono<Attempt> accept(DeliverySource.Received received, EndpointConfig current) {
    endpoint = current;
    boolean fromBacklog = lanes.overflow.fed(received);
    if (current.ordered() && !fromBacklog) {
      Mono<Attempt> moved = lanes.overflow.offer(id, received);
      if (moved != null) {
        return moved;
      }
    }
    // a delivery back from a delay tier has had its look again: park it for its turn
    Instant parkUntil =
        current.ordered() || fromBacklog
            ? null
            : parking.parkTime(received.delivery().dueAt() == null);
    if (parkUntil != null) {
      return lanes.watch(
          parking.park(received, parkUntil), received.delivery(), new Progress("parking"));
    }
    Pending pending =
        new Pending(received, lanes.clock.instant(), Sinks.one(), new Progress("queued"));
    queue.add(pending);
    if (current.ordered()) {
      if (!fromBacklog) {
        moveBacklogIfDue();
      }
      // an ordered delivery waits behind its head for as long as the head fails: not watched
      return pending.result().asMono();
    }
    return lanes.watch(pending.result().asMono(), received.delivery(), pending.progress());
  }

  /**
   * Hands everything this ordered lane holds to {@link OrderedOverflow} once it holds more than
   * {@code orderedMaxHeld}, head first, when the head is not being sent (it waits between tries, or
   * nothing is in flight): moved, the head no longer holds its partition's commits back. Caller
   * locks; the caller's {@link Lanes} starts the appends.
   */
  private void moveBacklogIfDue() {
    if (!endpoint.ordered() || !lanes.overflow.due(id, queue.size() + inFlight)) {
      return;
    }
    List<Pending> moving = new ArrayList<>();
    Runnable headTaken = null;
    if (inFlight > 0) {
      headTaken = head == null ? null : headWait.take();
      if (headTaken == null) {
        return; // being sent: looked at again when it waits or at the next arrival
      }
      moving.add(head);
    }
    moving.addAll(queue);
    queue.clear();
    lanes.overflow.enter(id, moving);
    if (headTaken != null) {
      // only now, with the queue moved: ending the head's try frees its slot, and drain() would
      // start the next delivery in its place
      headTaken.run();
    }
  }

  /** Whether this lane wants more from its backlog: nothing waits in its queue. */
  synchronized boolean wantsMore() {
    return queue.isEmpty();
  }

  /** Nothing queued or in flight. Caller locks. */
  boolean emptyNow() {
    return queue.isEmpty() && inFlight == 0;
  }

  /**
   * Nothing queued or in flight, no parked backlog still expected back, and the last request's
   * spacing is over: forgetting the lane then loses nothing.
   */
  synchronized boolean idle() {
    return queue.isEmpty()
        && inFlight == 0
        && !lanes.overflow.active(id)
        && parking.allBack()
        && gate.spacingOver(endpoint);
  }

  /** Deliveries queued or in flight here. */
  synchronized int depth() {
    return queue.size() + inFlight;
  }

  /** Starts what the endpoint's bounds allow; while its circuit is open, parks the unordered. */
  void drain() {
    List<Pending> starting = new ArrayList<>();
    List<List<Pending>> several = new ArrayList<>();
    List<LaneParking.Parked> parked = List.of();
    synchronized (this) {
      if (!endpoint.ordered()) {
        parked = parking.beyondHold(queue, inFlight);
      }
      int batch = batchSize();
      while (inFlight < maxInFlight() && !queue.isEmpty()) {
        inFlight++;
        if (endpoint.ordered()) {
          head = queue.peek();
        }
        if (batch > 1 && queue.size() > 1) {
          List<Pending> one = new ArrayList<>();
          while (one.size() < batch && !queue.isEmpty()) {
            one.add(queue.poll());
          }
          several.add(one);
        } else {
          starting.add(queue.poll());
        }
      }
    }
    parked.forEach(
        p -> {
          p.pending().progress().at("parking (circuit open)");
          lanes.track(parking.park(p.pending().received(), p.until()), p.pending().result());
        });
    several.forEach(batches::start);
    for (Pending p : starting) {
      DeliverySource.Received received = p.received();
      Runnable freeSlot = slot();
      lanes.track(
          resume(received, p.accepted(), freeSlot, p.progress())
              .doOnSuccess(
                  attempt -> {
                    if (attempt != null) {
                      received.ack();
                    }
                  })
              .doFinally(s -> freeSlot.run()),
          p.result());
    }
  }

  /**
   * Tries {@code delivery} once its rate permit and circuit allow, and settles it. An unordered
   * delivery that meets an open circuit is parked instead (completing empty); an ordered one waits
   * for the circuit and is retried here until it succeeds or is dead-lettered.
   *
   * @param freeSlot gives the endpoint's slot back: an unordered delivery does so as soon as its
   *     request is answered (its settling and recording no longer touch the endpoint); an ordered
   *     one only when settled, since the next must not start before
   */
  private Mono<Attempt> work(
      Delivery delivery,
      DeliverySource.Received received,
      Instant accepted,
      Runnable freeSlot,
      Progress progress) {
    EndpointConfig target = endpoint();
    progress.at("waiting for the rate limit");
    Mono<Boolean> permitted =
        gate.rateWait(target)
            .doOnSuccess(v -> progress.at("waiting for the circuit"))
            .then(
                target.ordered()
                    ? atHead(gate.awaitPermission(), true).defaultIfEmpty(false)
                    : parking.circuitPermit(progress));
    return permitted.flatMap(
        go -> {
          if (!go) {
            progress.at("parking (circuit open)");
            return target.ordered() ? Mono.empty() : parking.parkNow(received);
          }
          lanes.metrics.started(accepted);
          progress.at("sending");
          return sender
              .send(delivery, target)
              .doOnNext(
                  h -> {
                    progress.at("settling");
                    if (!target.ordered()) {
                      freeSlot.run();
                    }
                  })
              .flatMap(
                  h ->
                      target.ordered()
                          ? lanes.settlement.settleInPlace(h)
                          : lanes.settlement.settle(h))
              .flatMap(
                  settled -> {
                    if (settled.kind() == Settlement.Kind.HELD) {
                      return held(
                          delivery, received, freeSlot, target, settled.retryAt(), progress);
                    }
                    if (target.ordered()) {
                      return settleHead(delivery, settled, received, freeSlot, progress);
                    }
                    progress.at("recording the attempt");
                    return lanes.record(delivery, settled).thenReturn(settled.attempt());
                  });
        });
  }

  /**
   * Starts a delivery where its stored head record says it stands (an ordered head that was failing
   * before a restart goes on at its try count and due time), else as it is.
   */
  private Mono<Attempt> resume(
      DeliverySource.Received received, Instant accepted, Runnable freeSlot, Progress progress) {
    Delivery resumed = lanes.retries.resume(received.delivery());
    if (resumed == received.delivery()) {
      return work(resumed, received, accepted, freeSlot, progress);
    }
    return atHead(waitUntil(resumed.dueAt()), false)
        .flatMap(go -> work(resumed, received, lanes.clock.instant(), freeSlot, progress));
  }

  /**
   * What follows an ordered head's try: a retry is stored as the head's record and then waits here,
   * at the head; anything else clears that record. Both before the attempt is recorded (a retry) or
   * the delivery acknowledged (the rest), so a crash never loses the count.
   */
  private Mono<Attempt> settleHead(
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
        .then(atHead(waitUntil(retry.dueAt()), false))
        .flatMap(go -> work(retry, received, lanes.clock.instant(), freeSlot, progress));
  }

  /**
   * A try held back as the same try (a vendor throttling, a connection waiting for authorization):
   * no attempt is recorded. An unordered delivery is parked until {@code until}; an ordered one
   * waits at the head of its lane and is tried again.
   */
  private Mono<Attempt> held(
      Delivery delivery,
      DeliverySource.Received received,
      Runnable freeSlot,
      EndpointConfig target,
      Instant until,
      Progress progress) {
    if (!target.ordered()) {
      progress.at("parking (held)");
      return parking.park(received, until);
    }
    return atHead(waitUntil(until), false)
        .flatMap(go -> work(delivery, received, lanes.clock.instant(), freeSlot, progress));
  }

  /**
   * An ordered head's wait between tries, during which {@link #moveBacklogIfDue()} may move it to
   * the backlog ({@link HeadWait}): emits true to go on, or completes empty once it was moved.
   *
   * @param permits whether {@code wait} takes a circuit permission, given back if it was moved
   */
  private Mono<Boolean> atHead(Mono<Void> wait, boolean permits) {
    return headWait.around(
        wait,
        () -> {
          synchronized (this) {
            moveBacklogIfDue();
          }
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

  LaneParking parking() {
    return parking;
  }

  /** The endpoint as the lane holds it. Caller locks. */
  EndpointConfig endpointHeld() {
    return endpoint;
  }

  /** Deliveries queued or in flight. Caller locks. */
  int depthHeld() {
    return queue.size() + inFlight;
  }

  /** Deliveries the endpoint may have in flight at once, counting a batch's. Caller locks. */
  int most() {
    return maxInFlight() * batchSize();
  }

  private int maxInFlight() {
    if (endpoint.ordered()) {
      return 1;
    }
    // a batching destination sends one request at a time, so what arrives meanwhile waits here
    // and goes in the next batch instead of in requests of its own
    return batchSize() > 1 ? 1 : lanes.settings.endpointConcurrency();
  }

  /**
   * Deliveries one request may carry (unordered batching vendor destinations only). Caller locks.
   */
  private int batchSize() {
    return endpoint.ordered() ? 1 : lanes.handler.batchSize(endpoint);
  }

  /** Gives this lane's slot back when first run; later runs do nothing. */
  Runnable slot() {
    AtomicBoolean slotFree = new AtomicBoolean();
    return () -> {
      if (slotFree.compareAndSet(false, true)) {
        done();
      }
    };
  }

  /** The endpoint as this lane last saw it. */
  synchronized EndpointConfig endpoint() {
    return endpoint;
  }

  private void done() {
    synchronized (this) {
      inFlight--;
      if (inFlight == 0) {
        head = null;
        headWait.clear();
      }
    }
    drain();
    lanes.overflow.refill(id);
    lanes.evictIfIdle(id);
  }
}
