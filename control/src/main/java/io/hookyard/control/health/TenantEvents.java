package io.hookyard.control.health;

import io.hookyard.schemas.event.EventEnvelope;
import reactor.core.publisher.Mono;

/** Publishes Hookyard's own catalog events to a tenant, on {@code hookyard.events}. */
public interface TenantEvents extends AutoCloseable {

  /** Completes once every in-sync replica has it. */
  Mono<Void> publish(EventEnvelope event);

  @Override
  void close();
}
