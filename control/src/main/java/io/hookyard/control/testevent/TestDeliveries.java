package io.hookyard.control.testevent;

import io.hookyard.schemas.delivery.Delivery;
import reactor.core.publisher.Mono;

/**
 * Puts a test delivery on {@code hookyard.deliveries}, keyed by endpoint id, where dispatch treats
 * it like any other: signed, rate-limited, retried, logged.
 */
@FunctionalInterface
interface TestDeliveries {

  /** Completes once every in-sync replica has it. */
  Mono<Void> send(Delivery delivery);
}
