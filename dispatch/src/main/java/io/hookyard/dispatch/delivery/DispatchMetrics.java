package io.hookyard.dispatch.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The dispatcher's meters, exported at {@code /actuator/prometheus}. Tags are bounded: outcome and
 * circuit state only, never an endpoint or tenant id (the cardinality would grow with tenants).
 *
 * <ul>
 *   <li>{@code hookyard.dispatch.deliveries{outcome}}: succeeded, retrying, dead_lettered, dropped,
 *       parked.
 *   <li>{@code hookyard.dispatch.attempt.duration{result}}: each request's time, as a histogram.
 *   <li>{@code hookyard.dispatch.end.to.end}: event time to a 2xx, as a histogram.
 *   <li>{@code hookyard.dispatch.queue.time}: from a delivery's write to {@code
 *       hookyard.deliveries} (or its return from a delay tier) to the start of its request: how far
 *       dispatch is behind.
 *   <li>{@code hookyard.dispatch.queued}, {@code hookyard.dispatch.lanes}: deliveries held in
 *       memory and endpoints with some.
 *   <li>{@code hookyard.dispatch.circuits{state}}: endpoints per circuit state.
 *   <li>{@code hookyard.dispatch.stuck}: unordered deliveries still in hand after {@code
 *       stuck-after}, each of which restarted the dispatcher's run.
 * </ul>
 */
final class DispatchMetrics {
  private final Map<Settlement.Kind, Counter> settled = new EnumMap<>(Settlement.Kind.class);
  private final Counter parked;
  private final Counter stuck;
  private final Timer succeeded;
  private final Timer failed;
  private final Timer endToEnd;
  private final Timer queueTime;
  private final Clock clock;

  DispatchMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    for (Settlement.Kind kind : Settlement.Kind.values()) {
      settled.put(kind, outcome(registry, kind.name().toLowerCase(Locale.ROOT)));
    }
    this.parked = outcome(registry, "parked");
    this.stuck =
        Counter.builder("hookyard.dispatch.stuck")
            .description("Deliveries still in hand after stuck-after; each restarted the run")
            .register(registry);
    this.succeeded = attemptTimer(registry, "success");
    this.failed = attemptTimer(registry, "failure");
    this.endToEnd =
        Timer.builder("hookyard.dispatch.end.to.end")
            .description("From the event's time to its 2xx at the endpoint")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    this.queueTime =
        Timer.builder("hookyard.dispatch.queue.time")
            .description(
                "From the dispatcher reading a delivery (or taking it back from a retry tier)"
                    + " to the start of its request")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
  }

  /** Registers the gauges over the state of the guards and the current lanes. */
  void watch(MeterRegistry registry, EndpointGuards guards, IntSupplier queued, IntSupplier lanes) {
    Gauge.builder("hookyard.dispatch.queued", queued::getAsInt)
        .description("Deliveries held in memory, queued or in flight")
        .register(registry);
    Gauge.builder("hookyard.dispatch.lanes", lanes::getAsInt)
        .description("Endpoints with deliveries in hand")
        .register(registry);
    for (CircuitBreaker.State state :
        new CircuitBreaker.State[] {
          CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN
        }) {
      Gauge.builder(
              "hookyard.dispatch.circuits", () -> guards.circuitStates().getOrDefault(state, 0))
          .description("Endpoints per circuit state")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  void watchOverflow(MeterRegistry registry, IntSupplier overflowing, LongSupplier backlogged) {
    Gauge.builder("hookyard.dispatch.ordered.overflowing", overflowing::getAsInt)
        .description("Ordered endpoints fed from their backlog, having held too many deliveries")
        .register(registry);
    Gauge.builder("hookyard.dispatch.ordered.backlog", backlogged::getAsLong)
        .description("Deliveries in ordered endpoints' backlogs not yet handed to their lanes")
        .register(registry);
  }

  void settled(Settlement.Settled result) {
    settled.get(result.kind()).increment();
    Attempt attempt = result.attempt();
    if (attempt.statusCode() != null || attempt.responseTimeMs() > 0) {
      (attempt.succeeded() ? succeeded : failed)
          .record(Duration.ofMillis(attempt.responseTimeMs()));
    }
  }

  void delivered(Delivery delivery) {
    Duration e2e = Duration.between(delivery.eventTime(), clock.instant());
    if (!e2e.isNegative()) {
      endToEnd.record(e2e);
    }
  }

  /** A request starts for a delivery this dispatcher read at {@code accepted}. */
  void started(java.time.Instant accepted) {
    Duration waited = Duration.between(accepted, clock.instant());
    if (!waited.isNegative()) {
      queueTime.record(waited);
    }
  }

  void parked() {
    parked.increment();
  }

  void stuck() {
    stuck.increment();
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("hookyard.dispatch.deliveries")
        .description("Deliveries by what became of them")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Timer attemptTimer(MeterRegistry registry, String result) {
    return Timer.builder("hookyard.dispatch.attempt.duration")
        .description("Time of one webhook request")
        .tag("result", result)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
  }
}
