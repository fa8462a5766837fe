package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Decides what follows one try and makes it durable before the try's attempt is recorded:
 *
 * <ul>
 *   <li>2xx: done.
 *   <li>The endpoint no longer exists: dropped (nobody is left to deliver to).
 *   <li>410 Gone, or the endpoint is disabled: dead-lettered at once, replayable later.
 *   <li>Any other failure: retried through the delay tiers when the endpoint's schedule has a try
 *       left (the attempt then carries {@code next_attempt_at}), else dead-lettered.
 * </ul>
 *
 * The emitted attempt is the one to record; it is emitted only after the retry or dead letter is on
 * Kafka, so acknowledging the delivery afterwards can never lose it.
 */
final class Settlement {
  static final int GONE = 410;

  private final RetryPolicy policy;
  private final DelayTiers tiers;
  private final DispatchPublisher publisher;
  private final Clock clock;

  Settlement(RetryPolicy policy, DelayTiers tiers, DispatchPublisher publisher, Clock clock) {
    this.policy = policy;
    this.tiers = tiers;
    this.publisher = publisher;
    this.clock = clock;
  }

  Mono<Attempt> settle(DeliveryHandler.Handled handled) {
    Attempt attempt = handled.attempt();
    if (attempt.succeeded() || handled.endpoint() == null) {
      return Mono.just(attempt);
    }
    boolean gone = attempt.statusCode() != null && attempt.statusCode() == GONE;
    if (gone || DeliveryOutcome.ENDPOINT_DISABLED.equals(attempt.error())) {
      return deadLetter(handled);
    }
    RetryPolicy.Failure failure =
        new RetryPolicy.Failure(
            attempt.statusCode(), attempt.error(), handled.outcome().retryAfter());
    Instant now = clock.instant();
    Optional<Instant> next =
        policy.next(handled.endpoint().retrySchedule(), handled.delivery().attempt(), failure, now);
    if (next.isEmpty()) {
      return deadLetter(handled);
    }
    Instant due = next.get();
    return tiers
        .schedule(handled.delivery().retryAt(due))
        .thenReturn(attempt.withNextAttemptAt(due));
  }

  private Mono<Attempt> deadLetter(DeliveryHandler.Handled handled) {
    return publisher
        .deadLetter(DeadLetter.of(handled.delivery(), handled.attempt()))
        .thenReturn(handled.attempt());
  }
}
