package io.hookyard.dispatch.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * One lane's requests as its circuit breaker counts them: each answer is recorded as a success, a
 * failure or neither ({@link DeliveryOutcome.Circuit}), the permission is given back when the
 * request ends in an error, and the request's time and whether it succeeded go to {@code observe}
 * (the lane's pace and its circuit's runs).
 */
final class GuardedSend {
  /** Hears of each answered request. */
  interface Observer {
    void answered(long elapsedNanos, boolean succeeded);
  }

  private final EndpointId id;
  private final Lanes lanes;
  private final Observer observe;

  GuardedSend(EndpointId id, Lanes lanes, Observer observe) {
    this.id = id;
    this.lanes = lanes;
    this.observe = observe;
  }

  Mono<DeliveryHandler.Handled> send(Delivery delivery, EndpointConfig target) {
    CircuitBreaker breaker = lanes.guards.breaker(id);
    long started = System.nanoTime();
    return lanes
        .handler
        .handle(delivery, Optional.of(target))
        .doOnNext(h -> record(breaker, started, h.outcome().circuit()))
        .doOnError(e -> breaker.releasePermission());
  }

  /** One request carrying several deliveries: any failure counts as one failure. */
  Mono<List<DeliveryHandler.Handled>> sendAll(List<Delivery> deliveries, EndpointConfig target) {
    CircuitBreaker breaker = lanes.guards.breaker(id);
    long started = System.nanoTime();
    return lanes
        .handler
        .handleAll(deliveries, target)
        .doOnNext(all -> record(breaker, started, circuit(all)))
        .doOnError(e -> breaker.releasePermission());
  }

  private static DeliveryOutcome.Circuit circuit(List<DeliveryHandler.Handled> all) {
    if (all.stream().anyMatch(h -> h.outcome().circuit() == DeliveryOutcome.Circuit.FAILURE)) {
      return DeliveryOutcome.Circuit.FAILURE;
    }
    if (all.stream().anyMatch(h -> h.outcome().circuit() == DeliveryOutcome.Circuit.SUCCESS)) {
      return DeliveryOutcome.Circuit.SUCCESS;
    }
    return DeliveryOutcome.Circuit.NONE;
  }

  private void record(CircuitBreaker breaker, long started, DeliveryOutcome.Circuit circuit) {
    long elapsed = System.nanoTime() - started;
    switch (circuit) {
      case SUCCESS -> breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      case FAILURE -> breaker.onError(elapsed, TimeUnit.NANOSECONDS, FailedSend.INSTANCE);
      case NONE -> breaker.releasePermission();
    }
    observe.answered(elapsed, circuit == DeliveryOutcome.Circuit.SUCCESS);
  }

  /** A failed send, as the circuit breaker counts it; no stack trace, never thrown. */
  private static final class FailedSend extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final FailedSend INSTANCE = new FailedSend();

    private FailedSend() {
      super("delivery failed", null, false, false);
    }
  }
}
