package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedHeads;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.delivery.OrderedHead;
import io.hookyard.schemas.id.EndpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * An ordered endpoint's failing head keeps its try count on {@link OrderedHeads}: stored before
 * each retry's attempt is recorded, cleared before the head is acknowledged, and taken up again by
 * the next run (a restart) instead of starting at attempt 1.
 */
class OrderedRetriesTest extends DispatchTestBase {
  private static final LaneSettings LANES =
      new LaneSettings(
          1, Duration.ofSeconds(5), Duration.ofMinutes(1), 10, Duration.ofMinutes(5), 100);

  @Test
  void aFailingHeadIsStoredBeforeEachRetryAndClearedBeforeItIsAcknowledged() {
    schedule = List.of(Duration.ofMillis(10), Duration.ofMillis(10));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    Delivery first = delivery(endpoint.id(), tenant);
    OrderedHeads store = heads;
    heads =
        new OrderedHeads() {
          @Override
          public Mono<Map<EndpointId, OrderedHead>> load() {
            return store.load();
          }

          @Override
          public Mono<Void> put(EndpointId id, OrderedHead head) {
            return store
                .put(id, head)
                .doOnSuccess(
                    v -> events.add(head == null ? "cleared" : "stored #" + head.attempt()));
          }
        };

    run(LANES, first);

    assertThat(events)
        .containsExactly(
            "stored #2",
            "published " + first.messageId(),
            "stored #3",
            "published " + first.messageId(),
            "published " + first.messageId(),
            "cleared",
            "ack " + first.messageId());
    assertThat(store.load().block()).isEmpty();
  }

  @Test
  void aStoredHeadGoesOnAtItsTryCountAndOnlyForThatDelivery() {
    schedule = List.of(Duration.ofMillis(10), Duration.ofMillis(10));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    Delivery first = delivery(endpoint.id(), tenant);
    Delivery second = delivery(endpoint.id(), tenant);
    heads.put(endpoint.id(), new OrderedHead(first.messageId(), 3, Instant.now())).block();

    run(LANES, first, second);

    assertThat(published)
        .extracting(a -> a.webhookId() + " #" + a.attempt())
        .as("the first goes on at its third and last try; the second starts at one")
        .containsExactly(
            first.messageId() + " #3",
            second.messageId() + " #1",
            second.messageId() + " #2",
            second.messageId() + " #3");
    assertThat(deadLetters).extracting(d -> d.delivery().messageId()).hasSize(2);
    assertThat(heads.load().block()).isEmpty();
  }

  @Test
  void aDeletedEndpointsStoredHeadIsCleared() {
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/200/0"));
    Delivery orphan = delivery(endpoint.id(), tenant);
    heads.put(endpoint.id(), new OrderedHead(orphan.messageId(), 2, Instant.now())).block();

    run(LANES, orphan);

    assertThat(events).contains("ack " + orphan.messageId());
    assertThat(heads.load().block()).isEmpty();
  }
}
