package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Per-endpoint lanes with in-memory Kafka stand-ins and a real subscriber: an ordered endpoint
 * retries in place and keeps its order, and an unordered endpoint whose circuit opened parks the
 * rest of its deliveries in the delay tiers as the same try instead of sending them, unless its
 * probe comes within what the lane holds.
 */
class LanesTest extends DispatchTestBase {

  @Test
  void anOrderedEndpointRetriesInPlaceInOrderAndAcknowledgesOnlyWhenSettled() {
    schedule = List.of(Duration.ofMillis(10), Duration.ofMillis(10));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    Delivery first = delivery(endpoint.id(), tenant);
    Delivery second = delivery(endpoint.id(), tenant);

    run(
        new LaneSettings(
            1, Duration.ofSeconds(5), Duration.ofMinutes(1), 10, Duration.ofMinutes(5), 100),
        first,
        second);

    assertThat(rerouted).as("no delay tier: the retries stay at the head of the lane").isEmpty();
    assertThat(published)
        .extracting(a -> a.webhookId() + " #" + a.attempt())
        .containsExactly(
            first.messageId() + " #1",
            first.messageId() + " #2",
            first.messageId() + " #3",
            second.messageId() + " #1",
            second.messageId() + " #2",
            second.messageId() + " #3");
    assertThat(deadLetters).hasSize(2);
    assertThat(events)
        .as("each is acknowledged once, after its last attempt")
        .filteredOn(e -> e.startsWith("ack "))
        .containsExactly("ack " + first.messageId(), "ack " + second.messageId());
    assertThat(events.indexOf("ack " + first.messageId()))
        .isGreaterThan(events.indexOf("published " + first.messageId()));
  }

  @Test
  void anOpenCircuitParksTheEndpointsOtherDeliveriesAsTheSameTry() {
    EndpointConfig endpoint = endpoint(server.url("/status/500/0"), false);
    directory.known.put(endpoint.id(), endpoint);
    Delivery[] deliveries = new Delivery[7];
    for (int i = 0; i < deliveries.length; i++) {
      deliveries[i] = delivery(endpoint.id(), tenant);
    }
    LaneSettings oneAtATime =
        new LaneSettings(
            1, Duration.ofSeconds(30), Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 100);

    List<Attempt> attempts = run(oneAtATime, deliveries);

    assertThat(attempts).as("five failures open the circuit").hasSize(5);
    assertThat(deadLetters).hasSize(5);
    assertThat(rerouted)
        .as("the other two wait in a delay tier for the probe, not counted as tries")
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).startsWith("hookyard.deliveries.retry.").endsWith(" #1"));
    assertThat(events.stream().filter(e -> e.startsWith("ack "))).hasSize(7);
  }

  @Test
  void aCircuitOpenForLessThanMaxHoldKeepsTheRestInTheLaneForItsProbe() {
    EndpointConfig endpoint = unlimited(endpoint(server.url("/fail-first/5"), false));
    directory.known.put(endpoint.id(), endpoint);
    LaneSettings briefly =
        new LaneSettings(
            1, Duration.ofSeconds(5), Duration.ofMinutes(1), 5, Duration.ofMillis(300), 100);

    List<Attempt> attempts = run(briefly, deliveries(endpoint, 7));

    assertThat(attempts).hasSize(7);
    assertThat(attempts.subList(5, 7))
        .as("the two behind five failures waited for the probe 300 ms later and went through")
        .allSatisfy(a -> assertThat(a.succeeded()).isTrue());
    assertThat(deadLetters).as("no retries in this schedule: the five failed").hasSize(5);
    assertThat(rerouted).as("nothing was parked in a delay tier").isEmpty();
  }

  @Test
  void aRateLimitedBacklogIsParkedOnItsExactScheduleWhateverMaxPark() {
    // 100 per minute: one request every 600 ms, so 30 at once are a backlog of about 18 s
    EndpointConfig endpoint = endpoint(server.url("/status/200/0"), false);
    directory.known.put(endpoint.id(), endpoint);
    Instant start = Instant.now();

    run(lanes(Duration.ofSeconds(3)), deliveries(endpoint, 30));

    List<Instant> due = parkedDue();
    assertThat(due)
        .as("all but the one sent at once (and one more, had it answered already) are parked")
        .hasSizeGreaterThanOrEqualTo(28);
    Instant last = due.get(due.size() - 1);
    assertThat(Duration.between(due.get(0), last))
        .as("600 ms apart: the rate limit's schedule is exact, so max-park does not cut it")
        .isGreaterThan(Duration.ofSeconds(15));
    assertThat(last).isAfter(start.plusSeconds(15));
  }

  @Test
  void aBacklogParkedAtAMeasuredPaceLooksAgainWithinMaxParkOnce() {
    // no rate limit to speak of; each request takes 400 ms, one at a time
    EndpointConfig endpoint = unlimited(endpoint(server.url("/slow/400"), false));
    directory.known.put(endpoint.id(), endpoint);

    run(lanes(Duration.ofHours(1)), afterOneAnswer(deliveries(endpoint, 21)));
    List<Instant> paced = parkedDue();
    reroutedDeliveries.clear();
    run(lanes(Duration.ofSeconds(2)), afterOneAnswer(deliveries(endpoint, 21)));
    List<Instant> capped = parkedDue();
    Instant cappedBy = Instant.now().plusSeconds(2);
    reroutedDeliveries.clear();
    Delivery[] back = deliveries(endpoint, 21);
    for (int i = 2; i < back.length; i++) {
      back[i] = back[i].parkedUntil(Instant.now()); // each has had its look again
    }
    run(lanes(Duration.ofSeconds(2)), afterOneAnswer(back));
    List<Instant> again = parkedDue();

    assertThat(paced).hasSize(19);
    assertThat(Duration.between(paced.get(0), paced.get(18)))
        .as("spread at the measured pace, 400 ms apart")
        .isGreaterThan(Duration.ofSeconds(5));
    assertThat(capped).hasSize(19);
    assertThat(capped.get(18))
        .as("a turn estimated from request times is cut to max-park")
        .isBefore(cappedBy);
    assertThat(again).hasSize(19);
    assertThat(Duration.between(again.get(0), again.get(18)))
        .as("one back from its look is parked for its full turn, so it looks again only once")
        .isGreaterThan(Duration.ofSeconds(5));
  }

  @Test
  void aBacklogParkedAtItsMeasuredPaceMayComeBackAsSoonAsTheLaneHasRoom() throws Exception {
    // each request takes 2 s, one at a time: 19 of 21 are parked at that pace, up to ~40 s out
    EndpointConfig endpoint = unlimited(endpoint(server.url("/slow/2000"), false));
    directory.known.put(endpoint.id(), endpoint);
    Sinks.Empty<Delivery> open = Sinks.empty(); // the source stays open, so the run goes on
    Dispatcher dispatcher =
        dispatcher(
            Flux.concat(afterOneAnswer(deliveries(endpoint, 21)), open.asMono()),
            new Recording(this::publish),
            lanes(Duration.ofHours(1)));
    Disposable running = dispatcher.runOnce().subscribe();
    try {
      awaitParked(19);
      Delivery last = parkedLast();
      CompletableFuture<Void> room = dispatcher.room(last).toFuture();

      assertThat(room).as("the lane still has a request of 2 s in flight").isNotDone();
      room.get(10, TimeUnit.SECONDS);
      // room comes once the second request is answered; its attempt is recorded just after
      long until = System.nanoTime() + WAIT.toNanos();
      while (published.size() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(published).as("the lane has sent what it held").hasSize(2);
      assertThat(Duration.between(Instant.now(), last.dueAt()))
          .as("the last parked one may come back long before its estimated turn")
          .isGreaterThan(Duration.ofSeconds(10));
    } finally {
      running.dispose();
    }
  }

  @Test
  void aRateLimitedBacklogNeverComesBackBeforeItsTurn() throws InterruptedException {
    // 100 per minute: one request every 600 ms; the lane is empty once the first two are sent
    EndpointConfig endpoint = endpoint(server.url("/status/200/0"), false);
    directory.known.put(endpoint.id(), endpoint);
    Sinks.Empty<Delivery> open = Sinks.empty();
    Dispatcher dispatcher =
        dispatcher(
            Flux.concat(Flux.fromArray(deliveries(endpoint, 30)), open.asMono()),
            new Recording(this::publish),
            lanes(Duration.ofHours(1)));
    Disposable running = dispatcher.runOnce().subscribe();
    try {
      awaitParked(28);
      long until = System.nanoTime() + WAIT.toNanos();
      while (published.size() < 30 - reroutedDeliveries.size() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(published)
          .as("what was not parked was sent")
          .hasSize(30 - reroutedDeliveries.size());

      StepVerifier.create(dispatcher.room(parkedLast()))
          .expectSubscription()
          .as("a rate limit's turn is exact: waited in full")
          .expectNoEvent(Duration.ofSeconds(1))
          .thenCancel()
          .verify();
    } finally {
      running.dispose();
    }
  }

  private void awaitParked(int n) throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    while (reroutedDeliveries.size() < n && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(reroutedDeliveries).hasSizeGreaterThanOrEqualTo(n);
  }

  private Delivery parkedLast() {
    return reroutedDeliveries.stream().max(Comparator.comparing(Delivery::dueAt)).orElseThrow();
  }

  private static LaneSettings lanes(Duration maxPark) {
    // at most 30 in hand: the intake is more than half full, so max-hold applies as it is
    return new LaneSettings(1, Duration.ofMillis(100), maxPark, 5, Duration.ofMinutes(5), 30);
  }

  /**
   * The first two deliveries (the second waits in the lane), then the others once the first answer
   * has set the endpoint's pace, while the second is in flight.
   */
  private Flux<Delivery> afterOneAnswer(Delivery[] deliveries) {
    int answered = published.size();
    return Flux.concat(
        Flux.fromArray(deliveries).take(2),
        Flux.fromArray(deliveries)
            .skip(2)
            .delaySubscription(
                Flux.interval(Duration.ofMillis(10)).filter(t -> published.size() > answered)));
  }

  private List<Instant> parkedDue() {
    return reroutedDeliveries.stream().map(Delivery::dueAt).sorted().toList();
  }

  private static EndpointConfig unlimited(EndpointConfig e) {
    return new EndpointConfig(
        e.id(),
        e.tenantId(),
        e.url(),
        e.eventTypes(),
        e.secret(),
        e.plainHeaders(),
        1_000_000,
        e.retrySchedule(),
        e.ordered(),
        e.disabled(),
        e.filter(),
        e.transform(),
        e.previousSecret());
  }

  private Delivery[] deliveries(EndpointConfig endpoint, int n) {
    Delivery[] deliveries = new Delivery[n];
    for (int i = 0; i < n; i++) {
      deliveries[i] = delivery(endpoint.id(), tenant);
    }
    return deliveries;
  }
}
