package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
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
 *       about {@code maxHold} of backlog is held here, an open circuit's remaining wait included; a
 *       delivery that would wait longer is <i>parked</i> — written to the delay tiers as the same
 *       try, due when its turn comes, and acknowledged (a turn estimated from the endpoint's
 *       measured pace or its circuit's share is cut to {@code maxPark} the first time: it looks
 *       again then). So a slow, limited or broken endpoint holds at most {@code maxHold} of commits
 *       back, never the other endpoints of its partition ({@link LaneParking}).
 *   <li><b>Ordered</b>: one request at a time, strictly in the order the deliveries reach the
 *       endpoint's partition (events of one subject travel one partition all the way, so they keep
 *       their publish order; events of different subjects are routed in parallel and arrive in
 *       routing order). A failed delivery is retried here, at the head, on the endpoint's schedule
 *       (then dead-lettered), and holds the later deliveries of this endpoint only. Nothing is
 *       acknowledged out of order, so after a crash the lane starts again from its first unfinished
 *       delivery; a failing head's try count and due time are kept on {@code
 *       hookyard.deliveries.ordered.heads} ({@link OrderedRetries}), so it goes on from there
 *       ({@link OrderedHead}).
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

  /** The ordered lane's head: in flight, retried in place, waiting between tries. */
  private final OrderedHead head;

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
    this.head = new OrderedHead(id, lanes, this);
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
            : parking.parkTime(received.delivery(), received.delivery().dueAt() == null);
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

  /** Moves what this ordered lane holds to its backlog when due ({@link OrderedHead}). */
  synchronized void moveBacklogIfDue() {
    if (endpoint.ordered()) {
      head.moveBacklogIfDue(queue, inFlight);
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
    return depthHeld();
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
          head.started(queue.peek());
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
          head.resume(received, p.accepted(), freeSlot, p.progress())
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
  Mono<Attempt> work(
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
                    ? head.around(gate.awaitPermission(), true).defaultIfEmpty(false)
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
                      return head.settle(delivery, settled, received, freeSlot, progress);
                    }
                    progress.at("recording the attempt");
                    return lanes.record(delivery, settled).thenReturn(settled.attempt());
                  });
        });
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
    return head.held(delivery, received, freeSlot, until, progress);
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
        head.cleared();
      }
    }
    drain();
    parking.roomChanged();
    lanes.overflow.refill(id);
    lanes.evictIfIdle(id);
  }

  /** {@link LaneParking#room}: when {@code delivery}, parked at this lane's pace, may come back. */
  Mono<Void> room(Delivery delivery) {
    return parking.room(delivery);
  }
}
