package io.hookyard.dispatch.delivery;

import io.hookyard.schemas.config.EndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an unordered endpoint's backlog is parked, and until when: one lane's measured pace (a
 * moving average of its request times) and the cursor that spaces its parked deliveries one turn
 * apart, so they come back about when the lane can take them. Not thread-safe: its {@link Lane}
 * calls it under the lane's lock.
 */
final class ParkSchedule {
  private static final double LATENCY_WEIGHT = 0.2;

  private final LaneSettings settings;
  private Instant cursor = Instant.EPOCH;
  private double latencyNanos;

  ParkSchedule(LaneSettings settings) {
    this.settings = settings;
  }

  /**
   * When a delivery arriving now should come back, or null to hold it in the lane.
   *
   * @param openUntil when the endpoint's open circuit lets a probe through, if it is open
   * @param depth deliveries queued or in flight in the lane
   * @param maxInFlight requests the endpoint may have in flight at once
   * @param mayLookAgain whether a turn beyond {@code maxPark}, estimated from the measured pace,
   *     may be cut short to look again then (a slow spell inflates that pace; the rate limit's
   *     spacing and an open circuit's probe are exact and never cut short)
   */
  Instant due(
      EndpointConfig endpoint,
      Instant now,
      Optional<Instant> openUntil,
      int depth,
      int maxInFlight,
      boolean mayLookAgain) {
    Duration spacing = EndpointGuards.spacing(endpoint);
    Duration pace = Duration.ofNanos((long) (latencyNanos / maxInFlight));
    Duration each = pace.compareTo(spacing) > 0 ? pace : spacing;
    Instant base;
    if (openUntil.isPresent()) {
      base = openUntil.get();
    } else {
      Duration wait = each.multipliedBy(depth);
      if (wait.compareTo(settings.maxHold()) <= 0) {
        return null;
      }
      base = now.plus(wait).minus(settings.maxHold().dividedBy(2));
    }
    Instant due = base.isAfter(cursor) ? base : cursor;
    Instant latest = now.plus(settings.maxPark());
    if (mayLookAgain && openUntil.isEmpty() && each.compareTo(spacing) > 0 && due.isAfter(latest)) {
      return latest; // comes back to look again; the cursor already lies beyond
    }
    cursor = due.plus(each);
    return due;
  }

  /** Whether every delivery parked so far is due back by {@code now}. */
  boolean allBackBy(Instant now) {
    return !cursor.isAfter(now);
  }

  /** Takes one request's time into the measured pace. */
  void observe(long elapsedNanos) {
    latencyNanos =
        latencyNanos == 0
            ? elapsedNanos
            : latencyNanos + LATENCY_WEIGHT * (elapsedNanos - latencyNanos);
  }
}
