package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The dispatcher's rules with in-memory stand-ins for Kafka and the configuration view, and a real
 * HTTP subscriber: what is recorded for each delivery, and that nothing is acknowledged before its
 * attempt is recorded.
 */
class DispatcherTest extends DispatchTestBase {
  @Test
  void deliversToAKnownEndpointAndAcknowledgesOnlyAfterTheAttemptIsRecorded() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), false);
    directory.known.put(endpoint.id(), endpoint);
    Delivery delivery = delivery(endpoint.id(), tenant);

    List<Attempt> attempts = run(delivery);

    assertThat(attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.succeeded()).isTrue();
              assertThat(a.statusCode()).isEqualTo(200);
              assertThat(a.responseBody()).isEqualTo("ok");
              assertThat(a.error()).isNull();
              assertThat(a.webhookId()).isEqualTo(delivery.messageId());
              assertThat(a.endpointId()).isEqualTo(endpoint.id());
            });
    assertThat(published).isEqualTo(attempts);
    assertThat(events)
        .containsExactly("published " + delivery.messageId(), "ack " + delivery.messageId());
    assertThat(server.received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.header("webhook-id")).isEqualTo(delivery.messageId().value());
              assertThat(r.header("X-Env")).isEqualTo("test");
            });
  }

  @Test
  void anEndpointThatAppearsOnCatchUpIsDelivered() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), false);
    directory.afterCatchUp.put(endpoint.id(), endpoint);

    List<Attempt> attempts = run(delivery(endpoint.id(), tenant));

    assertThat(attempts).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue());
    assertThat(directory.catchUps).isEqualTo(1);
  }

  @Test
  void anEndpointStillUnknownAfterCatchUpIsRecordedAsNotFoundWithoutACall() {
    List<Attempt> attempts = run(delivery(EndpointId.next(), tenant));

    assertThat(attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.succeeded()).isFalse();
              assertThat(a.error()).isEqualTo("endpoint_not_found");
              assertThat(a.statusCode()).isNull();
            });
    assertThat(directory.catchUps).isEqualTo(1);
    assertThat(events).hasSize(2).last().asString().startsWith("ack ");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void anotherTenantsEndpointCountsAsNotFound() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), false);
    directory.known.put(endpoint.id(), endpoint);

    List<Attempt> attempts = run(delivery(endpoint.id(), TenantId.next()));

    assertThat(attempts)
        .singleElement()
        .satisfies(a -> assertThat(a.error()).isEqualTo("endpoint_not_found"));
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aDisabledEndpointIsRecordedWithoutACall() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), true);
    directory.known.put(endpoint.id(), endpoint);

    List<Attempt> attempts = run(delivery(endpoint.id(), tenant));

    assertThat(attempts)
        .singleElement()
        .satisfies(a -> assertThat(a.error()).isEqualTo("endpoint_disabled"));
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aFailedSendWithNoRetryLeftIsDeadLetteredRecordedAndAcknowledged() {
    EndpointConfig endpoint = endpoint(server.url("/status/503/12"), false);
    directory.known.put(endpoint.id(), endpoint);

    List<Attempt> attempts = run(delivery(endpoint.id(), tenant));

    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.lastStatusCode()).isEqualTo(503);
              assertThat(d.lastError()).isEqualTo("http_503");
            });
    assertThat(attempts.get(0).nextAttemptAt()).isNull();

    assertThat(attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.succeeded()).isFalse();
              assertThat(a.statusCode()).isEqualTo(503);
              assertThat(a.error()).isEqualTo("http_503");
              assertThat(a.responseBody()).isEqualTo("x".repeat(12));
            });
    assertThat(events).last().asString().startsWith("ack ");
  }

  @Test
  void aFailedSendWithARetryLeftGoesToADelayTierAndTheAttemptSaysWhen() {
    schedule = List.of(Duration.ofSeconds(30));
    EndpointConfig endpoint = endpoint(server.url("/status/500/0"), false);
    directory.known.put(endpoint.id(), endpoint);
    Instant before = Instant.now();

    List<Attempt> attempts = run(delivery(endpoint.id(), tenant));

    assertThat(rerouted).containsExactly("hookyard.deliveries.retry.10s #2");
    assertThat(deadLetters).isEmpty();
    assertThat(attempts.get(0).nextAttemptAt())
        .isBetween(before.plusSeconds(24), Instant.now().plusSeconds(36));
    assertThat(events).last().asString().startsWith("ack ");
  }

  @Test
  void goneIsDeadLetteredAtOnceWhateverTheSchedule() {
    schedule = List.of(Duration.ofSeconds(30));
    EndpointConfig endpoint = endpoint(server.url("/status/410/0"), false);
    directory.known.put(endpoint.id(), endpoint);

    run(delivery(endpoint.id(), tenant));

    assertThat(rerouted).isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .satisfies(d -> assertThat(d.lastStatusCode()).isEqualTo(410));
  }

  @Test
  void aSecretThatDoesNotOpenIsRecordedWithoutACall() {
    SecretBox otherKey = new SecretBox(Base64.getDecoder().decode(SecretBox.newKey()));
    EndpointConfig endpoint = endpoint(server.url("/hook"), false, otherKey);
    directory.known.put(endpoint.id(), endpoint);

    List<Attempt> attempts = run(delivery(endpoint.id(), tenant));

    assertThat(attempts)
        .singleElement()
        .satisfies(a -> assertThat(a.error()).isEqualTo("secret_unavailable"));
    assertThat(server.received()).isEmpty();
  }

  @Test
  void aRefusedAttemptLeavesTheDeliveryUnacknowledgedAndStopsThePass() {
    EndpointConfig endpoint = endpoint(server.url("/hook"), false);
    directory.known.put(endpoint.id(), endpoint);
    Dispatcher dispatcher =
        dispatcher(
            List.of(delivery(endpoint.id(), tenant)),
            new Recording(attempt -> Mono.error(new IllegalStateException("broker down"))));

    assertThatThrownBy(() -> dispatcher.runOnce().collectList().block(WAIT))
        .hasMessageContaining("broker down");
    assertThat(events).noneMatch(e -> e.startsWith("ack "));
  }

  @Test
  void aConfigurationThatCannotCatchUpStopsThePassInsteadOfDroppingTheDelivery() {
    directory.catchUpFails = true;
    Dispatcher dispatcher =
        dispatcher(List.of(delivery(EndpointId.next(), tenant)), new Recording(this::publish));

    assertThatThrownBy(() -> dispatcher.runOnce().collectList().block(WAIT))
        .isInstanceOf(EndpointResolver.ConfigUnavailableException.class);
    assertThat(published).isEmpty();
    assertThat(events).isEmpty();
  }
}
