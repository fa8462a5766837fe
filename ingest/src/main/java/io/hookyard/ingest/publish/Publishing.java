package io.hookyard.ingest.publish;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Hands an event to Kafka; any failure there becomes the contract's 503, never a 2xx. */
@Component
class Publishing {
  private static final Logger log = LoggerFactory.getLogger(Publishing.class);

  private final EventPublisher publisher;

  Publishing(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** The event's id once Kafka acknowledged it ({@code acks=all}). */
  Mono<EventId> publish(EventEnvelope event) {
    return publisher
        .publish(event)
        .onErrorMap(
            e -> !(e instanceof ApiException),
            e -> {
              log.warn(
                  "event {} not accepted: Kafka unavailable ({})",
                  event.id(),
                  e.getClass().getSimpleName());
              return ApiException.unavailable("events cannot be stored right now; retry later");
            })
        .thenReturn(event.id());
  }
}
