package io.hookyard.dispatch.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.EndpointId;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * What one lane's requests wait for before they start: the endpoint's rate permit and spacing, and
 * its circuit. Waiting is a timer, never a blocked thread.
 */
final class LaneGate {
  private static final Duration POLL = Duration.ofMillis(200);

  private final EndpointId id;
  private final EndpointGuards guards;
  private final Clock clock;
  private long lastStartNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

  LaneGate(EndpointId id, EndpointGuards guards, Clock clock) {
    this.id = id;
    this.guards = guards;
    this.clock = clock;
  }

  /** Whether the last request's spacing is over, so forgetting this gate lets nothing burst. */
  synchronized boolean spacingOver(EndpointConfig endpoint) {
    return System.nanoTime() - lastStartNanos > EndpointGuards.spacing(endpoint).toNanos();
  }

  /**
   * Waits for the endpoint's rate permit, then for the spacing since the last request actually
   * started: the limiter keeps the average exact, the gap makes sure a late timer never lets two
   * requests through closer than the spacing (no burst, even after a stall).
   */
  Mono<Void> rateWait(EndpointConfig target) {
    return limiterWait(target).then(gapWait(EndpointGuards.spacing(target).toNanos()));
  }

  Mono<Void> gapWait(long spacingNanos) {
    return Mono.defer(
        () -> {
          long wait;
          synchronized (this) {
            long now = System.nanoTime();
            wait = lastStartNanos + spacingNanos - now;
            if (wait <= 0) {
              lastStartNanos = now;
            }
          }
          return wait <= 0
              ? Mono.empty()
              : Mono.delay(Duration.ofNanos(wait)).then(gapWait(spacingNanos));
        });
  }

  Mono<Void> limiterWait(EndpointConfig target) {
    return Mono.defer(
        () -> {
          long nanos = guards.limiter(target).reservePermission();
          if (nanos == 0) {
            return Mono.empty();
          }
          if (nanos < 0) {
            return Mono.delay(EndpointGuards.spacing(target)).then(limiterWait(target));
          }
          return Mono.delay(Duration.ofNanos(nanos)).then();
        });
  }

  /**
   * For an unordered delivery: true once the circuit lets it through, false when the circuit is
   * open (it is to be parked); while a probe is out it waits for the probe's result.
   */
  Mono<Boolean> permit() {
    return Mono.defer(
        () -> {
          CircuitBreaker breaker = guards.breaker(id);
          if (breaker.tryAcquirePermission()) {
            return Mono.just(true);
          }
          if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            return Mono.delay(POLL).then(permit());
          }
          return Mono.just(false);
        });
  }

  /** For an ordered lane's head: waits until its circuit lets a try through. */
  Mono<Void> awaitPermission() {
    return Mono.defer(
        () -> {
          CircuitBreaker breaker = guards.breaker(id);
          if (breaker.tryAcquirePermission()) {
            return Mono.empty();
          }
          return Mono.delay(probeWait()).then(awaitPermission());
        });
  }

  /** How long until the open circuit lets its probe through; a poll's time when not known. */
  Duration probeWait() {
    return guards
        .openUntil(id)
        .map(until -> Duration.between(clock.instant(), until))
        .filter(d -> d.compareTo(POLL) > 0)
        .orElse(POLL);
  }
}
