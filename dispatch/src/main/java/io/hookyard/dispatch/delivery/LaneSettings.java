package io.hookyard.dispatch.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher bounds each endpoint's lane.
 *
 * @param endpointConcurrency requests in flight at once to one unordered endpoint (an ordered one
 *     has one)
 * @param maxHold how much of an unordered endpoint's backlog, in expected waiting time, is held in
 *     memory; the rest is parked in the delay tiers until its turn, so a slow or limited endpoint
 *     never holds back the commits of the others
 * @param maxPark the longest a delivery parked for backlog at the endpoint's measured pace waits
 *     before it comes back to look again: that pace is an estimate from request times, and when the
 *     endpoint speeds up (or was only slow while this process was busy) nothing should sit in a
 *     delay tier for minutes while its lane is idle. One that comes back to a lane still backlogged
 *     is parked for its full turn, so each delivery looks again at most once. A turn set by the
 *     rate limit, or by an open circuit's probe, is exact and waited in full
 * @param circuitFailures failed sends in a row that open an endpoint's circuit
 * @param circuitOpenFor how long an open circuit waits before one probe
 * @param maxBuffered deliveries held in memory across all lanes before consumption pauses
 * @param orderedMaxHeld deliveries an ordered endpoint may hold (its failing head and those behind
 *     it) before it moves them, in order, to its backlog on Kafka and is fed from there, so it
 *     holds its partition's commits back by at most this many
 */
public record LaneSettings(
    int endpointConcurrency,
    Duration maxHold,
    Duration maxPark,
    int circuitFailures,
    Duration circuitOpenFor,
    int maxBuffered,
    int orderedMaxHeld) {

  /** Ordered endpoints hold at most 1,000. */
  public static final int DEFAULT_ORDERED_MAX_HELD = 1_000;

  public LaneSettings {
    Objects.requireNonNull(maxHold, "maxHold");
    Objects.requireNonNull(maxPark, "maxPark");
    Objects.requireNonNull(circuitOpenFor, "circuitOpenFor");
    if (endpointConcurrency < 1 || circuitFailures < 1 || maxBuffered < 1 || orderedMaxHeld < 1) {
      throw new IllegalArgumentException("lane bounds must be positive");
    }
    if (maxHold.isNegative()
        || maxPark.isNegative()
        || maxPark.isZero()
        || circuitOpenFor.isNegative()
        || circuitOpenFor.isZero()) {
      throw new IllegalArgumentException("lane durations must be positive");
    }
  }

  public LaneSettings(
      int endpointConcurrency,
      Duration maxHold,
      Duration maxPark,
      int circuitFailures,
      Duration circuitOpenFor,
      int maxBuffered) {
    this(
        endpointConcurrency,
        maxHold,
        maxPark,
        circuitFailures,
        circuitOpenFor,
        maxBuffered,
        DEFAULT_ORDERED_MAX_HELD);
  }

  /**
   * 16 per endpoint, 5 s held, parked for at most a minute, 5 failures open a circuit for 5
   * minutes, 10,000 buffered, 1,000 held by an ordered endpoint.
   */
  public static LaneSettings defaults() {
    return new LaneSettings(
        16, Duration.ofSeconds(5), Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 10_000);
  }
}
