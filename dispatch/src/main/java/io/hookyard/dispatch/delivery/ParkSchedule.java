package io.hookyard.dispatch.delivery;

import io.hookyard.schemas.config.EndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an unordered endpoint's backlog is parked, and until when: one lane's measured pace (a
 * moving average of its request times), the cursor that spaces its parked deliveries one turn
 * apart, so they come back about when the lane can take them, and what its circuit lets through
 * each time it closes. Not thread-safe: its {@link Lane} calls it under the lane's lock.
 *
 * <p>A delivery is held in the lane, not parked, while its expected wait (an open circuit's
 * remaining wait, then its place in the lane) stays within {@code maxHold}: a circuit open for less
 * than that keeps its lane's head waiting for the probe instead of sending it through the delay
 * tiers.
 *
 * <p>While the circuit is open, a delivery's turn is at least {@code circuitOpenFor} divided by the
 * requests of the circuit's closed runs (a moving average): an endpoint failing at random opens its
 * circuit again after about that many requests, so it takes about that many per opening. Its
 * backlog is held and parked in those shares, instead of all of it coming back at the probe only to
 * be parked again at the next opening (measured: 20 endpoints failing half their requests, circuits
 * open for 2 s, parked 66,817 times for 8,625 deliveries and fell behind their load). Only a run
 * with a success that ended sooner than the circuit stays open counts: a failed probe or the
 * requests still in flight when it opened say nothing of the share, and a run that lasted longer
 * means the endpoint took what it was sent for a good while, which forgets the share. A turn set by
 * the share, like one set by the pace, is cut to come back and look again after {@code maxPark}
 * (never before the probe): a bad spell shrinks the share.
 */
final class ParkSchedule {
  private static final double LATENCY_WEIGHT = 0.2;
  private static final double RUN_WEIGHT = 0.2;

  /**
   * How many times {@code maxHold} a lane holds of a backlog that waits on its measured pace alone
   * while the intake has room. Parking exists so that one endpoint's backlog does not take the
   * place of its neighbours' deliveries; while fewer than three quarters of {@code maxBuffered} are
   * in hand it takes nobody's, and every parked delivery costs four more Kafka writes and reads, in
   * a burst that already has the CPU busy. Measured (bench/e2e.sh, 20,000 events over 32
   * connections to one endpoint, docs/benchmarks.md): 650–1,093 events/s delivered with 907–2,732
   * parked, against 1,530/s with nothing parked. Bounded so a held delivery stays well within
   * {@code stuckAfter} if the endpoint slows down: 20 s by default, a fifteenth of the 5 minutes.
   */
  static final int ROOMY_HOLD = 4;

  private final LaneSettings settings;
  private Instant cursor = Instant.EPOCH;
  private double latencyNanos;

  /** Requests answered since the circuit last opened, and whether any of them succeeded. */
  private long runRequests;

  private boolean runSucceeded;

  /**
   * Requests of the circuit's closed runs that had a success, a moving average (single runs of an
   * endpoint failing at random vary widely); 0 while unknown.
   */
  private double meanRun;

  /** When the circuit's last opening seen here let its probe through. */
  private Instant seenOpening;

  ParkSchedule(LaneSettings settings) {
    this.settings = settings;
  }

  /**
   * When a delivery arriving now should come back, or null to hold it in the lane.
   *
   * @param openUntil when the endpoint's open circuit lets a probe through, if it is open
   * @param depth deliveries queued or in flight in the lane ahead of this one
   * @param maxInFlight requests the endpoint may have in flight at once
   * @param mayLookAgain whether a turn beyond {@code maxPark} (or beyond an open circuit's probe,
   *     when that is later), estimated from the measured pace or the circuit's share, may be cut
   *     short to look again then (a slow spell inflates that pace, a bad spell shrinks that share;
   *     the rate limit's spacing and an open circuit's probe are exact and never cut short)
   * @param roomy whether the dispatcher's intake has room ({@link Lanes#roomy}): then a backlog
   *     that waits on the measured pace alone is held up to {@value #ROOMY_HOLD} times {@code
   *     maxHold}
   */
  Instant due(
      EndpointConfig endpoint,
      Instant now,
      Optional<Instant> openUntil,
      int depth,
      int maxInFlight,
      boolean mayLookAgain,
      boolean roomy) {
    Turn turn = turn(EndpointGuards.spacing(endpoint), openUntil, maxInFlight);
    Duration each = turn.each();
    Duration wait = wait(each, now, openUntil, depth);
    Duration hold =
        roomy && openUntil.isEmpty() && turn.estimated()
            ? settings.maxHold().multipliedBy(ROOMY_HOLD)
            : settings.maxHold();
    if (wait.compareTo(hold) <= 0) {
      return null;
    }
    Instant base =
        openUntil.isPresent()
            ? openUntil.get()
            : now.plus(wait).minus(settings.maxHold().dividedBy(2));
    Instant due = base.isAfter(cursor) ? base : cursor;
    Instant latest = now.plus(settings.maxPark());
    if (openUntil.isPresent() && openUntil.get().isAfter(latest)) {
      latest = openUntil.get(); // never before the probe
    }
    if (mayLookAgain && turn.estimated() && due.isAfter(latest)) {
      return latest; // comes back to look again; the cursor already lies beyond
    }
    cursor = due.plus(each);
    return due;
  }

  /** Whether a delivery with {@code depth} ahead of it in the lane is held there, not parked. */
  boolean holds(
      EndpointConfig endpoint,
      Instant now,
      Optional<Instant> openUntil,
      int depth,
      int maxInFlight) {
    return expectedWait(endpoint, now, openUntil, depth, maxInFlight).compareTo(settings.maxHold())
        <= 0;
  }

  /**
   * Whether a delivery parked now waits only on the lane's measured pace: the circuit is closed and
   * the pace, not the rate limit's spacing, sets the turn. Such a turn is an estimate, and the pace
   * of a busy moment (a burst sharing the process's CPU with the edge) may be several times what
   * the lane does once it passes, so the delivery may come back as soon as the lane has room
   * ({@link #room}) instead of at its turn.
   */
  boolean pacedOnly(EndpointConfig endpoint, Optional<Instant> openUntil, int maxInFlight) {
    return openUntil.isEmpty()
        && turn(EndpointGuards.spacing(endpoint), openUntil, maxInFlight).estimated();
  }

  /**
   * Whether the lane has room for what it parked at its pace: its circuit is closed and what it
   * holds ({@code depth}) is expected to last at most half of {@code maxHold}, so it has work until
   * a delivery let back now arrives.
   */
  boolean room(
      EndpointConfig endpoint,
      Instant now,
      Optional<Instant> openUntil,
      int depth,
      int maxInFlight) {
    return openUntil.isEmpty()
        && expectedWait(endpoint, now, openUntil, depth, maxInFlight)
                .compareTo(settings.maxHold().dividedBy(2))
            <= 0;
  }

  /** How long a delivery with {@code depth} ahead of it in the lane is expected to wait. */
  private Duration expectedWait(
      EndpointConfig endpoint,
      Instant now,
      Optional<Instant> openUntil,
      int depth,
      int maxInFlight) {
    Duration each = turn(EndpointGuards.spacing(endpoint), openUntil, maxInFlight).each();
    return wait(each, now, openUntil, depth);
  }

  /** Whether every delivery parked so far is due back by {@code now}. */
  boolean allBackBy(Instant now) {
    return !cursor.isAfter(now);
  }

  /** Takes one answered request into the measured pace and the circuit's current run. */
  void observe(long elapsedNanos, boolean succeeded) {
    latencyNanos =
        latencyNanos == 0
            ? elapsedNanos
            : latencyNanos + LATENCY_WEIGHT * (elapsedNanos - latencyNanos);
    runRequests++;
    runSucceeded |= succeeded;
  }

  /**
   * One delivery's turn, and whether it is an estimate that may be cut short.
   *
   * @param each the longest of the measured pace, the rate limit's spacing and, while the circuit
   *     is open, its share per opening
   * @param estimated set by the pace with the circuit closed, or by the share: never by the
   *     spacing, and never by the pace behind an open circuit (its backlog comes back from the
   *     probe on, at that pace)
   */
  private record Turn(Duration each, boolean estimated) {}

  private Turn turn(Duration spacing, Optional<Instant> openUntil, int maxInFlight) {
    Duration pace = Duration.ofNanos((long) (latencyNanos / maxInFlight));
    Duration each = pace.compareTo(spacing) > 0 ? pace : spacing;
    if (openUntil.isEmpty()) {
      return new Turn(each, pace.compareTo(spacing) > 0);
    }
    noteOpening(openUntil.get());
    if (meanRun == 0) {
      return new Turn(each, false);
    }
    Duration share = Duration.ofNanos((long) (settings.circuitOpenFor().toNanos() / meanRun));
    return share.compareTo(each) > 0 ? new Turn(share, true) : new Turn(each, false);
  }

  /**
   * Ends the circuit's current run when {@code openUntil} shows a new opening. The run's requests
   * become the endpoint's share only when it opened again sooner than it stays open (it spends most
   * of its time open); a run that lasted longer says nothing of that, and leaves no share.
   */
  private void noteOpening(Instant openUntil) {
    if (openUntil.equals(seenOpening)) {
      return;
    }
    Duration openFor = settings.circuitOpenFor();
    boolean soon =
        seenOpening != null
            && Duration.between(seenOpening, openUntil.minus(openFor)).compareTo(openFor) < 0;
    seenOpening = openUntil;
    if (runSucceeded) {
      meanRun =
          !soon ? 0 : meanRun == 0 ? runRequests : meanRun + RUN_WEIGHT * (runRequests - meanRun);
    }
    runRequests = 0;
    runSucceeded = false;
  }

  private static Duration wait(Duration each, Instant now, Optional<Instant> openUntil, int depth) {
    Duration wait = each.multipliedBy(depth);
    return openUntil.map(until -> wait.plus(Duration.between(now, until))).orElse(wait);
  }
}
