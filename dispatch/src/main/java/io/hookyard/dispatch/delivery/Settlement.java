package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Decides what follows one try and makes it durable before the try's attempt is recorded:
 *
 * <ul>
 *   <li>2xx: done.
 *   <li>The endpoint no longer exists: dropped (nobody is left to deliver to).
 *   <li>410 Gone, or the endpoint is disabled: dead-lettered at once, replayable later.
 *   <li>A vendor destination's refusal (the input is wrong): dead-lettered at once. Its throttling
 *       or a connection waiting for authorization: held as the same try, nothing recorded.
 *   <li>Any other failure: retried when the endpoint's schedule has a try left (the attempt then
 *       carries {@code next_attempt_at}), else dead-lettered. An unordered endpoint's retry goes
 *       through the delay tiers; an ordered endpoint's retry waits in its lane, holding the later
 *       deliveries of that endpoint only (see {@link Lane}).
 * </ul>
 *
 * The emitted result is the attempt to record; it is emitted only after the retry or dead letter is
 * on Kafka, so acknowledging the delivery afterwards can never lose it.
 */
final class Settlement {
  static final int GONE = 410;

  private final RetryPolicy policy;
  private final DelayTiers tiers;
  private final DispatchPublisher publisher;
  private final Clock clock;
  private final Duration maxHeld;

  Settlement(RetryPolicy policy, DelayTiers tiers, DispatchPublisher publisher, Clock clock) {
    this(policy, tiers, publisher, clock, Duration.ofHours(1));
  }

  /**
   * @param maxHeld the longest a held try waits before it looks again
   */
  Settlement(
      RetryPolicy policy,
      DelayTiers tiers,
      DispatchPublisher publisher,
      Clock clock,
      Duration maxHeld) {
    this.maxHeld = maxHeld;
    this.policy = policy;
    this.tiers = tiers;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** What became of a delivery after one try. */
  enum Kind {
    SUCCEEDED,
    /** Will be tried again at {@link Settled#retryAt()}. */
    RETRYING,
    DEAD_LETTERED,
    /**
     * Held back as the same try until {@link Settled#retryAt()}, with no attempt recorded: a vendor
     * throttled it, or its connection waits for authorization. Not a failure.
     */
    HELD,
    /** Its endpoint is gone: nothing further happens. */
    DROPPED
  }

  /**
   * The attempt to record and what follows it.
   *
   * @param retryAt when the next try is due, for {@link Kind#RETRYING}; else null
   */
  record Settled(Attempt attempt, Kind kind, Instant retryAt) {}

  /** Settles a try of an unordered endpoint: a retry goes through the delay tiers. */
  Mono<Settled> settle(DeliveryHandler.Handled handled) {
    return decide(handled)
        .flatMap(
            settled ->
                settled.kind() == Kind.RETRYING
                    ? tiers
                        .schedule(handled.delivery().retryAt(settled.retryAt()))
                        .thenReturn(settled)
                    : Mono.just(settled));
  }

  /**
   * Settles a try of an ordered endpoint: a retry is left to the caller, who keeps the delivery at
   * the head of the endpoint's lane until {@link Settled#retryAt()}.
   */
  Mono<Settled> settleInPlace(DeliveryHandler.Handled handled) {
    return decide(handled);
  }

  /**
   * Lets the delay tiers ask whether a parked delivery may come back before it is due ({@link
   * DelayTiers#returnEarly}).
   */
  void returnEarly(Function<Delivery, Mono<Void>> room) {
    tiers.returnEarly(room);
  }

  /** Holds {@code delivery} back in the delay tiers until {@code until}, as the same try. */
  Mono<Void> park(Delivery delivery, Instant until) {
    return tiers.schedule(delivery.parkedUntil(until));
  }

  private Mono<Settled> decide(DeliveryHandler.Handled handled) {
    Attempt attempt = handled.attempt();
    if (attempt.succeeded()) {
      return Mono.just(new Settled(attempt, Kind.SUCCEEDED, null));
    }
    if (handled.endpoint() == null) {
      return Mono.just(new Settled(attempt, Kind.DROPPED, null));
    }
    if (handled.outcome() instanceof DeliveryOutcome.Called called) {
      if (called.held()) {
        Duration wait = called.result().holdFor();
        wait = wait == null || wait.compareTo(maxHeld) > 0 ? maxHeld : wait;
        return Mono.just(new Settled(attempt, Kind.HELD, clock.instant().plus(wait)));
      }
      if (called.refused()) {
        return deadLetter(handled);
      }
    }
    boolean gone = attempt.statusCode() != null && attempt.statusCode() == GONE;
    if (gone || DeliveryOutcome.ENDPOINT_DISABLED.equals(attempt.error())) {
      return deadLetter(handled);
    }
    RetryPolicy.Failure failure =
        new RetryPolicy.Failure(
            attempt.statusCode(), attempt.error(), handled.outcome().retryAfter());
    Optional<Instant> next =
        policy.next(
            handled.endpoint().retrySchedule(),
            handled.delivery().attempt(),
            failure,
            clock.instant());
    if (next.isEmpty()) {
      return deadLetter(handled);
    }
    Instant due = next.get();
    return Mono.just(new Settled(attempt.withNextAttemptAt(due), Kind.RETRYING, due));
  }

  private Mono<Settled> deadLetter(DeliveryHandler.Handled handled) {
    return publisher
        .deadLetter(DeadLetter.of(handled.delivery(), handled.attempt()))
        .thenReturn(new Settled(handled.attempt(), Kind.DEAD_LETTERED, null));
  }
}
