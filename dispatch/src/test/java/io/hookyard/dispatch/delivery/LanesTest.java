package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-endpoint lanes with in-memory Kafka stand-ins and a real subscriber: an ordered endpoint
 * retries in place and keeps its order, and an unordered endpoint whose circuit opened parks the
 * rest of its deliveries in the delay tiers as the same try instead of sending them.
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
  void aBacklogIsParkedAtTheEndpointsPaceButNeverLongerThanMaxPark() {
    // 100 per minute: one request every 600 ms, so 30 at once are a backlog of about 18 s
    EndpointConfig endpoint = endpoint(server.url("/status/200/0"), false);
    directory.known.put(endpoint.id(), endpoint);
    LaneSettings noHold =
        new LaneSettings(1, Duration.ZERO, Duration.ofHours(1), 5, Duration.ofMinutes(5), 100);
    LaneSettings shortPark =
        new LaneSettings(1, Duration.ZERO, Duration.ofSeconds(3), 5, Duration.ofMinutes(5), 100);

    Instant start = Instant.now();
    run(noHold, deliveries(endpoint, 30));
    List<Instant> paced = reroutedDeliveries.stream().map(Delivery::dueAt).sorted().toList();
    reroutedDeliveries.clear();
    Instant again = Instant.now();
    run(shortPark, deliveries(endpoint, 30));
    List<Instant> capped = reroutedDeliveries.stream().map(Delivery::dueAt).sorted().toList();

    assertThat(paced).as("all but the one sent at once are parked").hasSize(29);
    assertThat(Duration.between(paced.get(0), paced.get(28)))
        .as("spread at the endpoint's pace, 600 ms apart")
        .isGreaterThan(Duration.ofSeconds(15));
    assertThat(paced.get(28)).isAfter(start.plusSeconds(15));
    assertThat(capped).hasSize(29);
    assertThat(capped.get(28))
        .as("none waits longer than max-park before it looks again")
        .isBefore(Instant.now().plusSeconds(3))
        .isAfter(again);
  }

  private Delivery[] deliveries(EndpointConfig endpoint, int n) {
    Delivery[] deliveries = new Delivery[n];
    for (int i = 0; i < n; i++) {
      deliveries[i] = delivery(endpoint.id(), tenant);
    }
    return deliveries;
  }
}
