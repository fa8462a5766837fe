package io.hookyard.dispatch.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.EndpointId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each endpoint's rate limiter and circuit breaker, from resilience4j registries keyed by endpoint
 * id. One dispatcher consumer owns an endpoint's deliveries (the deliveries topic is keyed by
 * endpoint), so these local guards are exact for it. They outlive a restart of the dispatch
 * pipeline, not of the process.
 *
 * <ul>
 *   <li><b>Rate limit</b>: {@code rate_limit_per_minute} = N is one permit every 60 s / N, so the N
 *       requests of a minute are spread evenly, never sent in one burst. A changed rate replaces
 *       the limiter.
 *   <li><b>Circuit breaker</b>: opens after {@code failures} failed sends in a row, lets one probe
 *       through after {@code openFor}; its success closes it, its failure opens it again.
 * </ul>
 */
final class EndpointGuards {
  /** Reservations are bounded by the lane, not by the limiter: never refuse one. */
  private static final Duration NO_TIMEOUT = Duration.ofDays(1);

  private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
  private final CircuitBreakerRegistry breakers;
  private final Map<String, Instant> openUntil = new ConcurrentHashMap<>();
  private final Duration openFor;
  private final Clock clock;

  /**
   * @param failures failed sends in a row that open an endpoint's circuit
   * @param openFor how long it stays open before a probe
   */
  EndpointGuards(int failures, Duration openFor, Clock clock) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be positive");
    }
    this.openFor = openFor;
    this.clock = clock;
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    breakers
        .getEventPublisher()
        .onEntryAdded(
            added ->
                added
                    .getAddedEntry()
                    .getEventPublisher()
                    .onStateTransition(
                        t -> {
                          String name = t.getCircuitBreakerName();
                          if (t.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                            openUntil.put(name, clock.instant().plus(openFor));
                          } else {
                            openUntil.remove(name);
                          }
                        }));
  }

  /** The endpoint's limiter, at its current rate. */
  RateLimiter limiter(EndpointConfig endpoint) {
    String name = endpoint.id().value();
    Duration spacing = spacing(endpoint);
    RateLimiter current = limiters.find(name).orElse(null);
    if (current != null && current.getRateLimiterConfig().getLimitRefreshPeriod().equals(spacing)) {
      return current;
    }
    RateLimiter fresh = RateLimiter.of(name, config(spacing));
    if (current == null) {
      return limiters.rateLimiter(name, fresh.getRateLimiterConfig());
    }
    limiters.replace(name, fresh);
    return fresh;
  }

  CircuitBreaker breaker(EndpointId id) {
    return breakers.circuitBreaker(id.value());
  }

  /**
   * When the endpoint's open circuit lets a probe through; empty when it is not open or its wait is
   * over (the next try becomes the probe).
   */
  Optional<Instant> openUntil(EndpointId id) {
    Instant until = openUntil.get(id.value());
    return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  Duration openFor() {
    return openFor;
  }

  /** How many endpoints' circuits are in each state, for the metrics. */
  Map<CircuitBreaker.State, Integer> circuitStates() {
    Map<CircuitBreaker.State, Integer> counts = new EnumMap<>(CircuitBreaker.State.class);
    breakers.getAllCircuitBreakers().forEach(b -> counts.merge(b.getState(), 1, Integer::sum));
    return counts;
  }

  /** The time between two permits of the endpoint's limiter. */
  static Duration spacing(EndpointConfig endpoint) {
    return Duration.ofNanos(Duration.ofMinutes(1).toNanos() / endpoint.rateLimitPerMinute());
  }

  private static RateLimiterConfig config(Duration spacing) {
    return RateLimiterConfig.custom()
        .limitForPeriod(1)
        .limitRefreshPeriod(spacing)
        .timeoutDuration(NO_TIMEOUT)
        .build();
  }
}
