package io.hookyard.control.deadletter;

import io.hookyard.schemas.delivery.Delivery;
import reactor.core.publisher.Mono;

/**
 * Puts a delivery back on {@code hookyard.deliveries}, keyed by endpoint id, so a replay takes the
 * normal path (rate limit, order, retries) with a fresh schedule.
 */
@FunctionalInterface
interface Replayer {

  /** Completes once every in-sync replica has it. */
  Mono<Void> replay(Delivery delivery);
}
