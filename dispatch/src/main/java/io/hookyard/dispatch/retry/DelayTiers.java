package io.hookyard.dispatch.retry;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.topic.DelayTier;
import io.hookyard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scheduled retries as data: a retry due at T is written to the longest delay tier not longer than
 * T − now ({@code hookyard.deliveries.retry.<tier>}); when it surfaces it goes back to {@code
 * hookyard.deliveries} if due, or hops down to a shorter tier. Any schedule works with a handful of
 * topics.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Nothing lives only in memory.</b> A tier record is acknowledged only after Kafka has it
 *       where it goes next; a crash or restart re-reads it from the last commit, so a retry can be
 *       late by the restart, never lost (and at worst sent twice, under its stable {@code
 *       webhook-id}).
 *   <li><b>No sleeping threads.</b> Every record of a tier waits the same time, so each tier topic
 *       is about FIFO in due order and its consumer waits only for the records at its head: it
 *       takes up to {@value #WINDOW} at a time, each waiting on a timer for its own release, and
 *       requests more as they move on (one at a time would cap a tier at one Kafka round trip per
 *       record). While nothing is requested reactor-kafka pauses fetching and keeps polling, so the
 *       consumer stays in its group.
 *   <li><b>Never early.</b> A record leaves a tier at the earlier of its due time and its write
 *       time plus the tier's delay; it is sent only once its due time has passed.
 * </ul>
 */
public final class DelayTiers {
  /** Records of one tier waiting or moving on at once. */
  static final int WINDOW = 256;

  private final List<DelayTier> tiers;
  private final Function<DelayTier, DeliverySource> sources;
  private final DispatchPublisher publisher;
  private final Clock clock;
  private final Map<String, Loop> loops = new LinkedHashMap<>();
  private volatile Function<Delivery, Mono<Void>> room = delivery -> Mono.never();

  /**
   * @param tiers the ladder; any order
   * @param sources the consumer of each tier's topic
   */
  public DelayTiers(
      List<DelayTier> tiers,
      Function<DelayTier, DeliverySource> sources,
      DispatchPublisher publisher,
      Clock clock) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("at least one delay tier");
    }
    this.tiers = tiers.stream().sorted(Comparator.comparing(DelayTier::delay)).toList();
    this.tiers.forEach(tier -> loops.put(tier.name(), new Loop("delayTier" + tier.name())));
    this.sources = sources;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Where a surfaced record that is not yet due asks whether it may go back to {@code
   * hookyard.deliveries} now: a delivery parked for its endpoint's backlog at an estimated pace,
   * whose lane has room before that estimate said ({@code room} completes), goes back then. A
   * retry's backoff, a rate limit's turn and an open circuit's probe are never cut short: for them
   * {@code room} never completes. Until set, every record waits until due.
   */
  public void returnEarly(Function<Delivery, Mono<Void>> room) {
    this.room = room;
  }

  /** The Kafka ladder of {@link Topics#DELAY_TIERS}. */
  public static DelayTiers of(
      Function<DelayTier, DeliverySource> sources, DispatchPublisher publisher) {
    return new DelayTiers(Topics.DELAY_TIERS, sources, publisher, Clock.systemUTC());
  }

  /**
   * Sends {@code delivery} towards its {@link Delivery#dueAt()}: into a tier, or straight to the
   * deliveries topic when it is already due. Completes once Kafka has it.
   */
  public Mono<Void> schedule(Delivery delivery) {
    return Mono.defer(
        () -> {
          DelayTier tier = tierFor(tiers, remaining(delivery, clock.instant()));
          return tier == null
              ? publisher.delivery(Topics.DELIVERIES, delivery)
              : publisher.delivery(tier.topic(), delivery);
        });
  }

  /**
   * Moves due records on, from every tier at once, until disposed. A tier whose consumer fails is
   * DOWN and resumes from its last commit after a backoff; the others are not affected.
   */
  public Flux<Delivery> run() {
    return Flux.merge(tiers.stream().map(this::relay).toList());
  }

  private Flux<Delivery> relay(DelayTier tier) {
    return loops
        .get(tier.name())
        .supervise(
            Flux.defer(() -> sources.apply(tier).receive())
                .flatMapSequential(received -> forward(tier, received), WINDOW));
  }

  /** One loop per tier ({@code delayTier1s}, …), as health sees them. */
  public List<Loop> loops() {
    return List.copyOf(loops.values());
  }

  private Mono<Delivery> forward(DelayTier tier, DeliverySource.Received received) {
    Delivery delivery = received.delivery();
    Duration wait = wait(tier, received, clock.instant());
    Mono<Void> next =
        wait.isZero()
            ? schedule(delivery)
            : Mono.firstWithSignal(
                    Mono.delay(wait).thenReturn(false), room.apply(delivery).thenReturn(true))
                .flatMap(
                    early ->
                        early
                            ? publisher.delivery(Topics.DELIVERIES, delivery)
                            : schedule(delivery));
    return next.doOnSuccess(v -> received.ack()).thenReturn(delivery);
  }

  /**
   * The longest tier not longer than {@code remaining}; the shortest if all are longer; null if
   * due.
   */
  static DelayTier tierFor(List<DelayTier> sortedTiers, Duration remaining) {
    if (remaining.isNegative() || remaining.isZero()) {
      return null;
    }
    DelayTier chosen = sortedTiers.get(0);
    for (DelayTier tier : sortedTiers) {
      if (tier.delay().compareTo(remaining) <= 0) {
        chosen = tier;
      }
    }
    return chosen;
  }

  /** How long the head waits before it moves on: until due, or until its tier's delay passed. */
  static Duration wait(DelayTier tier, DeliverySource.Received received, Instant now) {
    Instant release = received.enqueuedAt().plus(tier.delay());
    Instant due = received.delivery().dueAt();
    if (due != null && due.isBefore(release)) {
      release = due;
    }
    return release.isAfter(now) ? Duration.between(now, release) : Duration.ZERO;
  }

  private static Duration remaining(Delivery delivery, Instant now) {
    return delivery.dueAt() == null ? Duration.ZERO : Duration.between(now, delivery.dueAt());
  }
}
