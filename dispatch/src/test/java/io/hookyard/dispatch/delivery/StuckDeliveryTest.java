package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A delivery that never finishes must not hold its partition's commits until the process restarts:
 * an unordered one still in hand after {@code stuck-after} ends the dispatcher's run (the next run
 * reads it again from the last commit), named with the step it hung at; an ordered head, whose
 * waits between tries are legitimate, is never counted stuck.
 */
class StuckDeliveryTest extends DispatchTestBase {
  private static LaneSettings stuckAfter(Duration after) {
    return new LaneSettings(
        16,
        Duration.ofSeconds(5),
        Duration.ofMinutes(1),
        10,
        Duration.ofMinutes(5),
        100,
        1_000,
        after);
  }

  @Test
  void anUnorderedDeliveryStillInHandAfterStuckAfterEndsTheRunUnacknowledgedNamingItsStep() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), false);
    directory.known.put(endpoint.id(), endpoint);
    Delivery delivery = delivery(endpoint.id(), tenant);
    // the attempt is sent and answered, but recording it never completes
    Dispatcher dispatcher =
        dispatcher(
            List.of(delivery),
            new Recording(attempt -> Mono.never()),
            stuckAfter(Duration.ofMillis(500)));

    assertThatThrownBy(() -> dispatcher.runOnce().collectList().block(WAIT))
        .isInstanceOf(StuckDelivery.class)
        .hasMessageContaining(delivery.messageId().value())
        .hasMessageContaining(endpoint.id().value())
        .hasMessageContaining("recording the attempt");
    assertThat(server.received()).hasSize(1);
    assertThat(events).as("not acknowledged: read again by the next run").isEmpty();
  }

  @Test
  void anOrderedHeadRetryingLongerThanStuckAfterIsNotStuck() {
    schedule = List.of(Duration.ofMillis(400), Duration.ofMillis(400));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    Delivery first = delivery(endpoint.id(), tenant);
    Delivery second = delivery(endpoint.id(), tenant);

    run(stuckAfter(Duration.ofMillis(300)), first, second);

    assertThat(published).hasSize(6);
    assertThat(deadLetters).hasSize(2);
    assertThat(events)
        .filteredOn(e -> e.startsWith("ack "))
        .containsExactly("ack " + first.messageId(), "ack " + second.messageId());
  }
}
