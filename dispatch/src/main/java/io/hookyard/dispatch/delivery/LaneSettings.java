package io.hookyard.dispatch.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher bounds each endpoint's lane.
 *
 * @param endpointConcurrency requests in flight at once to one unordered endpoint (an ordered one
 *     has one)
 * @param maxHold how much of an unordered endpoint's backlog, in expected waiting time (an open
 *     circuit's remaining wait included), is held in memory; the rest is parked in the delay tiers
 *     until its turn, so a slow, limited or broken endpoint never holds back the commits of the
 *     others
 * @param maxPark the longest a delivery parked for backlog at the endpoint's measured pace waits
 *     before it comes back to look again: that pace is an estimate from request times, and when the
 *     endpoint speeds up (or was only slow while this process was busy) nothing should sit in a
 *     delay tier for minutes while its lane is idle. One that comes back to a lane still backlogged
 *     is parked for its full turn, so each delivery looks again at most once. So is a turn behind
 *     an open circuit set by the endpoint's share per opening (never before the probe). A turn set
 *     by the rate limit, or by an open circuit's probe, is exact and waited in full
 * @param circuitFailures failed sends in a row that open an endpoint's circuit
 * @param circuitOpenFor how long an open circuit waits before one probe
 * @param maxBuffered deliveries held in memory across all lanes before consumption pauses
 * @param orderedMaxHeld deliveries an ordered endpoint may hold (its failing head and those behind
 *     it) before it moves them, in order, to its backlog on Kafka and is fed from there, so it
 *     holds its partition's commits back by at most this many
 * @param stuckAfter the longest an unordered delivery may stay in hand (queued, waiting for its
 *     rate permit or circuit, sent, settled, recorded) before the dispatcher counts it as stuck and
 *     starts its run again from the last commit ({@link Lanes#watch}): every legitimate wait of an
 *     unordered delivery is bounded far below it (held backlog {@code maxHold}, then parked)
 */
public record LaneSettings(
    int endpointConcurrency,
    Duration maxHold,
    Duration maxPark,
    int circuitFailures,
    Duration circuitOpenFor,
    int maxBuffered,
    int orderedMaxHeld,
    Duration stuckAfter) {

  /** Ordered endpoints hold at most 1,000. */
  public static final int DEFAULT_ORDERED_MAX_HELD = 1_000;

  /**
   * The most failures in a row a circuit may wait for: each endpoint's breaker keeps a window of
   * that many calls in memory (a million cost 40 MB per endpoint).
   */
  public static final int MAX_CIRCUIT_FAILURES = 1_000;

  /** An unordered delivery in hand for 5 minutes is stuck. */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(5);

  public LaneSettings {
    Objects.requireNonNull(maxHold, "maxHold");
    Objects.requireNonNull(maxPark, "maxPark");
    Objects.requireNonNull(circuitOpenFor, "circuitOpenFor");
    Objects.requireNonNull(stuckAfter, "stuckAfter");
    if (endpointConcurrency < 1 || circuitFailures < 1 || maxBuffered < 1 || orderedMaxHeld < 1) {
      throw new IllegalArgumentException("lane bounds must be positive");
    }
    if (circuitFailures > MAX_CIRCUIT_FAILURES) {
      throw new IllegalArgumentException("circuitFailures must be at most " + MAX_CIRCUIT_FAILURES);
    }
    if (maxHold.isNegative()
        || maxPark.isNegative()
        || maxPark.isZero()
        || circuitOpenFor.isNegative()
        || circuitOpenFor.isZero()
        || stuckAfter.isNegative()
        || stuckAfter.isZero()) {
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

  public LaneSettings(
      int endpointConcurrency,
      Duration maxHold,
      Duration maxPark,
      int circuitFailures,
      Duration circuitOpenFor,
      int maxBuffered,
      int orderedMaxHeld) {
    this(
        endpointConcurrency,
        maxHold,
        maxPark,
        circuitFailures,
        circuitOpenFor,
        maxBuffered,
        orderedMaxHeld,
        DEFAULT_STUCK_AFTER);
  }

  /**
   * 16 per endpoint, 5 s held, parked for at most a minute, 5 failures open a circuit for 5
   * minutes, 10,000 buffered, 1,000 held by an ordered endpoint, stuck after 5 minutes.
   */
  public static LaneSettings defaults() {
    return new LaneSettings(
        16, Duration.ofSeconds(5), Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 10_000);
  }
}
