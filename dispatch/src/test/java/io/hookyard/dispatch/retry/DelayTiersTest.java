package io.hookyard.dispatch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.topic.DelayTier;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The ladder's arithmetic, and where a retry is written, with the clock fixed. */
class DelayTiersTest {
  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final List<DelayTier> TIERS = Topics.DELAY_TIERS;

  private final List<String> written = new CopyOnWriteArrayList<>();

  @Test
  void theLadderIsOneSecondToOneHourWithDotSafeNames() {
    assertThat(TIERS)
        .extracting(t -> t.topic().name())
        .containsExactly(
            "hookyard.deliveries.retry.1s",
            "hookyard.deliveries.retry.10s",
            "hookyard.deliveries.retry.1m",
            "hookyard.deliveries.retry.10m",
            "hookyard.deliveries.retry.1h");
    assertThat(Topics.all()).containsAll(TIERS.stream().map(DelayTier::topic).toList());
  }

  @Test
  void aRetryWaitsInTheLongestTierNotLongerThanWhatRemains() {
    assertThat(DelayTiers.tierFor(TIERS, Duration.ZERO)).isNull();
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofMillis(-5))).isNull();
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofMillis(300)).name()).isEqualTo("1s");
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofSeconds(9)).name()).isEqualTo("1s");
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofSeconds(10)).name()).isEqualTo("10s");
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofMinutes(5)).name()).isEqualTo("1m");
    assertThat(DelayTiers.tierFor(TIERS, Duration.ofDays(3)).name()).isEqualTo("1h");
  }

  @Test
  void theHeadLeavesItsTierWhenDueOrWhenTheTiersDelayHasPassed() {
    DelayTier tenSeconds = TIERS.get(1);
    Delivery dueSoon = delivery(NOW.plusSeconds(4));
    Delivery dueLate = delivery(NOW.plusSeconds(100));

    assertThat(DelayTiers.wait(tenSeconds, received(dueSoon, NOW), NOW))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(DelayTiers.wait(tenSeconds, received(dueLate, NOW), NOW))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(DelayTiers.wait(tenSeconds, received(dueLate, NOW.minusSeconds(60)), NOW))
        .as("written long ago: moves on at once")
        .isZero();
  }

  @Test
  void scheduleWritesToTheTierOrStraightBackWhenDue() {
    DelayTiers tiers =
        new DelayTiers(TIERS, t -> Flux::empty, new Recording(), Clock.fixed(NOW, ZoneOffset.UTC));

    tiers.schedule(delivery(NOW.plusSeconds(75))).block(Duration.ofSeconds(5));
    tiers.schedule(delivery(NOW.minusSeconds(1))).block(Duration.ofSeconds(5));

    assertThat(written).containsExactly("hookyard.deliveries.retry.1m", "hookyard.deliveries");
  }

  @Test
  void aSurfacedRecordThatIsNotYetDueHopsDownAndIsAcknowledgedAfterwards() {
    List<String> acks = new CopyOnWriteArrayList<>();
    Delivery dueIn30s = delivery(NOW.plusSeconds(30));
    DeliverySource oneMinuteTier =
        () ->
            Flux.just(
                new DeliverySource.Received(
                    dueIn30s,
                    NOW.minusSeconds(120),
                    () -> acks.add("ack after " + written.size())));
    DelayTiers tiers =
        new DelayTiers(
            List.of(TIERS.get(1), TIERS.get(2)),
            t -> t.name().equals("1m") ? oneMinuteTier : Flux::empty,
            new Recording(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    tiers.run().take(1).blockLast(Duration.ofSeconds(5));

    assertThat(written).containsExactly("hookyard.deliveries.retry.10s");
    assertThat(acks).containsExactly("ack after 1");
  }

  @Test
  void aParkedRecordWhoseLaneHasRoomGoesBackBeforeItIsDue() {
    List<String> acks = new CopyOnWriteArrayList<>();
    Delivery dueIn30s = delivery(NOW.plusSeconds(30));
    Delivery dueIn40s = delivery(NOW.plusSeconds(40));
    DeliverySource tenSecondTier =
        () ->
            Flux.just(
                new DeliverySource.Received(dueIn30s, NOW, () -> acks.add("ack early")),
                new DeliverySource.Received(dueIn40s, NOW, () -> acks.add("ack late")));
    DelayTiers tiers =
        new DelayTiers(
            List.of(TIERS.get(0), TIERS.get(1)),
            t -> t.name().equals("10s") ? tenSecondTier : Flux::empty,
            new Recording(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    tiers.returnEarly(d -> d == dueIn30s ? Mono.empty() : Mono.never());

    StepVerifier.withVirtualTime(() -> tiers.run().take(2))
        .expectSubscription()
        .expectNext(dueIn30s)
        .then(
            () ->
                assertThat(written)
                    .as("back to its lane at once, its due time kept for the lane's look")
                    .containsExactly("hookyard.deliveries"))
        .expectNoEvent(Duration.ofSeconds(9))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext(dueIn40s)
        .verifyComplete();

    assertThat(written)
        .as("the other waits out its tier, then moves on as before")
        .containsExactly("hookyard.deliveries", "hookyard.deliveries.retry.10s");
    assertThat(acks).containsExactly("ack early", "ack late");
  }

  private static DeliverySource.Received received(Delivery delivery, Instant enqueuedAt) {
    return new DeliverySource.Received(delivery, enqueuedAt, () -> {});
  }

  private static Delivery delivery(Instant due) {
    EventId event = EventId.next();
    EndpointId endpoint = EndpointId.next();
    return new Delivery(
            MessageId.of(event, endpoint),
            event,
            "invoice.paid",
            TenantId.next(),
            endpoint,
            NOW,
            1,
            "{}")
        .retryAt(due);
  }

  private final class Recording implements DispatchPublisher {
    @Override
    public Mono<Void> attempt(Attempt attempt) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery) {
      return Mono.fromRunnable(() -> written.add(topic.name()));
    }

    @Override
    public Mono<Void> deadLetter(DeadLetter deadLetter) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> raw(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record) {
      return Mono.empty();
    }
  }
}
