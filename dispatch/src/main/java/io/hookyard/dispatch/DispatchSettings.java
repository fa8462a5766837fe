package io.hookyard.dispatch;

import io.hookyard.dispatch.delivery.LaneSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The dispatch role's settings, under {@code hookyard.dispatch}. Checked when bound, so a bad value
 * stops start-up instead of surfacing at the first delivery.
 *
 * @param timeout the whole deadline of one webhook attempt (connect, send, answer); default 10 s
 * @param concurrency open connections per endpoint host; default 256. Requests beyond them wait for
 *     one, within {@code timeout}
 * @param configCatchUp how long a delivery for an endpoint not (yet) in the configuration view
 *     waits for the view to catch up before the endpoint counts as deleted; default 5 s
 * @param maxDeferredCommits acknowledged deliveries that may wait behind an unfinished one before
 *     consumption pauses; at least {@code concurrency}; default 65,536 (only offsets are kept)
 * @param throttleFloor the least a retry waits after a 429 or a timeout; default 60 s
 * @param maxRetryAfter the most of an endpoint's {@code Retry-After} that is honoured; default 1 h
 * @param endpointConcurrency requests in flight at once to one unordered endpoint; default 16
 * @param maxHold how much of an endpoint's backlog, in expected waiting time (an open circuit's
 *     remaining wait included), is held in memory before the rest is parked in the delay tiers;
 *     default 5 s. A backlog waiting on the endpoint's measured pace alone is held up to four times
 *     this while the intake has room, and comes back from the tiers once its lane has room ({@code
 *     ParkSchedule}, {@code LaneParking})
 * @param maxPark the longest a delivery parked for backlog at the endpoint's measured pace, or
 *     behind an open circuit at its share per opening, waits before it comes back to its lane to
 *     look again (once; rate-limit turns and an open circuit's probe are exact and waited in full);
 *     default 1 minute
 * @param circuitFailures failed sends in a row that open an endpoint's circuit; default 5, at most
 *     1,000 (each endpoint's breaker keeps a window of that many calls)
 * @param circuitOpenFor how long an open circuit waits before it lets one probe through; default 5
 *     minutes
 * @param maxBuffered deliveries held in memory across all endpoints before consumption pauses;
 *     default 10,000
 * @param allowPrivateTargets whether webhooks may connect to loopback, private, link-local,
 *     multicast and other non-public addresses; checked on the address each attempt connects to
 *     (control reads the same property for its check at creation); default false, true in embedded
 *     mode
 * @param httpsOnly whether {@code http://} endpoints are refused at delivery ({@code
 *     https_required}); default false
 * @param orderedMaxHeld deliveries an ordered endpoint may hold back (a failing head and those
 *     behind it) before it moves them, in order, to {@code hookyard.deliveries.ordered.backlog} and
 *     is fed from there, so the partition's commits move on; default 1,000
 * @param stuckAfter the longest an unordered delivery may stay in hand before it counts as stuck:
 *     counted ({@code hookyard_dispatch_stuck_total}), logged with where it stood, and the
 *     dispatcher's run starts again from the last commit, so it is read and sent again under the
 *     same {@code webhook-id}; default 5 minutes
 */
@Validated
@ConfigurationProperties("hookyard.dispatch")
public record DispatchSettings(
    Duration timeout,
    int concurrency,
    Duration configCatchUp,
    int maxDeferredCommits,
    Duration throttleFloor,
    Duration maxRetryAfter,
    int endpointConcurrency,
    Duration maxHold,
    Duration maxPark,
    int circuitFailures,
    Duration circuitOpenFor,
    int maxBuffered,
    boolean allowPrivateTargets,
    boolean httpsOnly,
    int orderedMaxHeld,
    Duration stuckAfter) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_CONCURRENCY = 256;
  public static final Duration DEFAULT_CONFIG_CATCH_UP = Duration.ofSeconds(5);
  public static final Duration DEFAULT_THROTTLE_FLOOR = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

  public DispatchSettings {
    timeout = timeout == null ? DEFAULT_TIMEOUT : positive(timeout, "timeout");
    concurrency = concurrency == 0 ? DEFAULT_CONCURRENCY : concurrency;
    if (concurrency < 1) {
      throw new IllegalArgumentException("hookyard.dispatch.concurrency must be positive");
    }
    configCatchUp =
        configCatchUp == null
            ? DEFAULT_CONFIG_CATCH_UP
            : positive(configCatchUp, "config-catch-up");
    maxDeferredCommits =
        maxDeferredCommits == 0 ? Math.max(65_536, 16 * concurrency) : maxDeferredCommits;
    if (maxDeferredCommits < concurrency) {
      throw new IllegalArgumentException(
          "hookyard.dispatch.max-deferred-commits must be at least hookyard.dispatch.concurrency");
    }
    throttleFloor =
        throttleFloor == null ? DEFAULT_THROTTLE_FLOOR : positive(throttleFloor, "throttle-floor");
    maxRetryAfter =
        maxRetryAfter == null
            ? DEFAULT_MAX_RETRY_AFTER
            : positive(maxRetryAfter, "max-retry-after");
    LaneSettings lane = LaneSettings.defaults();
    endpointConcurrency =
        atLeastOne(
            endpointConcurrency == 0 ? lane.endpointConcurrency() : endpointConcurrency,
            "endpoint-concurrency");
    maxHold = maxHold == null ? lane.maxHold() : maxHold;
    if (maxHold.isNegative()) {
      throw new IllegalArgumentException("hookyard.dispatch.max-hold must not be negative");
    }
    maxPark = maxPark == null ? lane.maxPark() : positive(maxPark, "max-park");
    circuitFailures =
        atLeastOne(
            circuitFailures == 0 ? lane.circuitFailures() : circuitFailures, "circuit-failures");
    if (circuitFailures > LaneSettings.MAX_CIRCUIT_FAILURES) {
      // each endpoint's breaker keeps a window of this many calls: a million took 40 MB per
      // endpoint, and the fault suite's 20 endpoints ran the dispatcher out of heap
      throw new IllegalArgumentException(
          "hookyard.dispatch.circuit-failures must be at most "
              + LaneSettings.MAX_CIRCUIT_FAILURES);
    }
    circuitOpenFor =
        circuitOpenFor == null
            ? lane.circuitOpenFor()
            : positive(circuitOpenFor, "circuit-open-for");
    maxBuffered = atLeastOne(maxBuffered == 0 ? lane.maxBuffered() : maxBuffered, "max-buffered");
    orderedMaxHeld =
        atLeastOne(
            orderedMaxHeld == 0 ? lane.orderedMaxHeld() : orderedMaxHeld, "ordered-max-held");
    stuckAfter = stuckAfter == null ? lane.stuckAfter() : positive(stuckAfter, "stuck-after");
  }

  /** How the dispatcher bounds each endpoint's lane. */
  public LaneSettings lanes() {
    return new LaneSettings(
        endpointConcurrency,
        maxHold,
        maxPark,
        circuitFailures,
        circuitOpenFor,
        maxBuffered,
        orderedMaxHeld,
        stuckAfter);
  }

  /** All defaults. */
  public static DispatchSettings defaults() {
    return new DispatchSettings(
        null, 0, null, 0, null, null, 0, null, null, 0, null, 0, false, false, 0, null);
  }

  private static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException("hookyard.dispatch." + name + " must be positive");
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("hookyard.dispatch." + name + " must be positive");
    }
    return value;
  }
}
