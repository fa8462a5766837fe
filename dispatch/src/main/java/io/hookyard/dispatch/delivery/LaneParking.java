package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An unordered lane's parking: which of its deliveries wait in the delay tiers, until when ({@link
 * ParkSchedule}), and which wait in the lane for a circuit that lets its probe through soon. Its
 * schedule is guarded by the lane's lock: methods marked "caller locks" run under it, the others
 * take it.
 *
 * <p>A delivery parked at the lane's measured pace alone ({@link ParkSchedule#pacedOnly}) may leave
 * its delay tier as soon as the lane has room again ({@link #room}), not only at its turn: that
 * turn was estimated while the lane was busy, and a burst that shares the process's CPU with the
 * edge makes each request slow only while it lasts. Measured (bench/e2e.sh, 20,000 events over 32
 * connections to one endpoint): with parked deliveries waiting out their turns, the lane sat idle
 * for seconds after the burst and delivered 650–1,093 events/s, against 1,530/s with nothing
 * parked. Which deliveries may return early is known only to this lane, in memory: after a restart,
 * or where another instance reads the delay tiers, they come back at their turn, as before.
 */
final class LaneParking {
  private final EndpointId id;
  private final Lanes lanes;
  private final LaneGate gate;
  private final Lane lane;
  private final ParkSchedule schedule;

  /** Deliveries parked at the lane's pace alone and not back yet ({@link #key}). Caller locks. */
  private final Set<String> returnable = new HashSet<>();

  /**
   * Fired when the lane has room again; null while no parked delivery waits for it. Set under the
   * lane's lock; volatile so that every answered request can see nobody waits without taking it.
   */
  private volatile Sinks.Empty<Void> roomSignal;

  /** One delivery taken off the lane's queue, and when it is due back. */
  record Parked(Lane.Pending pending, Instant until) {}

  LaneParking(EndpointId id, Lanes lanes, LaneGate gate, Lane lane) {
    this.id = id;
    this.lanes = lanes;
    this.gate = gate;
    this.lane = lane;
    this.schedule = new ParkSchedule(lanes.settings);
  }

  /**
   * When a delivery arriving now, behind everything the lane holds, should come back, or null to
   * hold it in the lane. Caller locks.
   */
  Instant parkTime(boolean mayLookAgain) {
    return schedule.due(
        lane.endpointHeld(),
        lanes.clock.instant(),
        lanes.guards.openUntil(id),
        lane.depthHeld(),
        lane.most(),
        mayLookAgain,
        lanes.roomy());
  }

  /**
   * {@link #parkTime(boolean)} for {@code delivery}, arriving now: back from a delay tier, it is no
   * longer expected there; parked again at the lane's pace alone, it may return early. Caller
   * locks.
   */
  Instant parkTime(Delivery delivery, boolean mayLookAgain) {
    // only a delivery back from a delay tier can be in the set: the others build no key
    if (delivery.dueAt() != null && !returnable.isEmpty()) {
      returnable.remove(key(delivery));
    }
    Instant until = parkTime(mayLookAgain);
    if (until != null
        && schedule.pacedOnly(lane.endpointHeld(), lanes.guards.openUntil(id), lane.most())) {
      returnable.add(key(delivery));
    }
    return until;
  }

  /**
   * Completes once {@code delivery}, parked here at the lane's pace, may come back before its turn:
   * when the lane has room ({@link ParkSchedule#room}). Never completes for a delivery this lane
   * did not park so, or that came back meanwhile: it waits for its turn.
   */
  Mono<Void> room(Delivery delivery) {
    return Mono.defer(
        () -> {
          Sinks.Empty<Void> signal;
          synchronized (lane) {
            if (!returnable.contains(key(delivery))) {
              return Mono.never();
            }
            if (hasRoom()) {
              return Mono.empty();
            }
            if (roomSignal == null) {
              roomSignal = Sinks.empty();
            }
            signal = roomSignal;
          }
          return signal.asMono().then(room(delivery));
        });
  }

  /** Lets parked deliveries waiting for room come back, if the lane has room now. */
  void roomChanged() {
    if (roomSignal == null) {
      return;
    }
    Sinks.Empty<Void> signal;
    synchronized (lane) {
      if (roomSignal == null || !hasRoom()) {
        return;
      }
      signal = roomSignal;
      roomSignal = null;
    }
    signal.tryEmitEmpty();
  }

  private boolean hasRoom() {
    return schedule.room(
        lane.endpointHeld(),
        lanes.clock.instant(),
        lanes.guards.openUntil(id),
        lane.depthHeld(),
        lane.most());
  }

  private static String key(Delivery delivery) {
    return delivery.messageId().value() + "#" + delivery.attempt();
  }

  /**
   * While the circuit is open, takes the queue's tail that would wait longer than the lane holds
   * (the circuit's remaining wait, then each delivery's place) off {@code queue}, each with its
   * turn. Caller locks.
   */
  List<Parked> beyondHold(Deque<Lane.Pending> queue, int inFlight) {
    List<Parked> parked = new ArrayList<>();
    Optional<Instant> open = lanes.guards.openUntil(id);
    if (open.isEmpty()) {
      return parked;
    }
    Instant now = lanes.clock.instant();
    int most = lane.most();
    while (!queue.isEmpty()) {
      // the last one's turn, with everything else ahead of it; null: it and those ahead are held
      Instant until =
          schedule.due(
              lane.endpointHeld(), now, open, queue.size() - 1 + inFlight, most, false, false);
      if (until == null) {
        break;
      }
      parked.add(new Parked(queue.pollLast(), until));
    }
    return parked;
  }

  /** Whether every delivery parked so far is due back by now. Caller locks. */
  boolean allBack() {
    return schedule.allBackBy(lanes.clock.instant());
  }

  /** Takes one answered request into the schedule. */
  void observe(long elapsedNanos, boolean succeeded) {
    synchronized (lane) {
      schedule.observe(elapsedNanos, succeeded);
    }
  }

  /**
   * The circuit's answer for an unordered delivery: true to send, false to park it. While the
   * circuit is open but lets its probe through within what the lane holds ({@link
   * ParkSchedule#holds}), the delivery waits here for it instead, so a briefly open circuit does
   * not send its lane's deliveries through the delay tiers.
   */
  Mono<Boolean> circuitPermit(Progress progress) {
    return gate.permit()
        .flatMap(
            go -> {
              if (go) {
                return Mono.just(true);
              }
              boolean hold;
              synchronized (lane) {
                hold =
                    schedule.holds(
                        lane.endpointHeld(),
                        lanes.clock.instant(),
                        lanes.guards.openUntil(id),
                        lane.depthHeld() - 1,
                        lane.most());
              }
              if (!hold) {
                return Mono.just(false);
              }
              progress.at("waiting for the circuit");
              return Mono.delay(gate.probeWait()).then(Mono.defer(() -> circuitPermit(progress)));
            });
  }

  /** Parks a delivery that may not be sent now, until its turn after the circuit opens again. */
  Mono<Attempt> parkNow(DeliverySource.Received received) {
    return Mono.defer(
        () -> {
          Instant until;
          synchronized (lane) {
            until = parkTime(false);
          }
          // held by the schedule meanwhile: back at the probe, or at once when the circuit closed
          return park(
              received,
              until != null ? until : lanes.guards.openUntil(id).orElseGet(lanes.clock::instant));
        });
  }

  /**
   * Writes {@code received} to the delay tiers as the same try, due {@code until}; acknowledges it.
   */
  Mono<Attempt> park(DeliverySource.Received received, Instant until) {
    return lanes
        .settlement
        .park(received.delivery(), until)
        .doOnSuccess(
            v -> {
              received.ack();
              lanes.metrics.parked();
            })
        .then(Mono.empty());
  }
}
