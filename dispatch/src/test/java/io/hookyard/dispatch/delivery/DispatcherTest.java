package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.dispatch.support.ReceiverServer;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.topic.Topic;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dispatcher's rules with in-memory stand-ins for Kafka and the configuration view, and a real
 * HTTP subscriber: what is recorded for each delivery, and that nothing is acknowledged before its
 * attempt is recorded.
 */
class DispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TenantId tenant = TenantId.next();
  private final SecretBox box = new SecretBox(Base64.getDecoder().decode(SecretBox.newKey()));
  private final ReceiverServer server = new ReceiverServer();
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), 8);
  private final FakeDirectory directory = new FakeDirectory();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Attempt> published = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final List<String> rerouted = new CopyOnWriteArrayList<>();
  private List<Duration> schedule = List.of();

  @AfterEach
  void close() {
    sender.close();
    server.close();
  }

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

  private List<Attempt> run(Delivery... deliveries) {
    return dispatcher(List.of(deliveries), new Recording(this::publish))
        .runOnce()
        .collectList()
        .block(WAIT);
  }

  private Mono<Void> publish(Attempt attempt) {
    return Mono.fromRunnable(
        () -> {
          published.add(attempt);
          events.add("published " + attempt.webhookId());
        });
  }

  private Dispatcher dispatcher(List<Delivery> deliveries, DispatchPublisher publisher) {
    DeliverySource source =
        () ->
            Flux.fromIterable(deliveries)
                .map(d -> new DeliverySource.Received(d, () -> events.add("ack " + d.messageId())));
    DeliveryHandler handler =
        new DeliveryHandler(
            new EndpointResolver(directory, Duration.ofSeconds(1)), box, sender, Clock.systemUTC());
    DelayTiers tiers =
        new DelayTiers(Topics.DELAY_TIERS, tier -> Flux::empty, publisher, Clock.systemUTC());
    Settlement settlement =
        new Settlement(
            new RetryPolicy(Duration.ofSeconds(60), Duration.ofHours(1), () -> 0.5),
            tiers,
            publisher,
            Clock.systemUTC());
    return new Dispatcher(source, publisher, handler, settlement, 4);
  }

  private EndpointConfig endpoint(URI url, boolean disabled) {
    return endpoint(url, disabled, box);
  }

  private EndpointConfig endpoint(URI url, boolean disabled, SecretBox sealedWith) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    return new EndpointConfig(
        EndpointId.next(),
        tenant,
        url,
        List.of("*"),
        sealedWith.seal(secret),
        Map.of("X-Env", "test"),
        100,
        schedule,
        false,
        disabled,
        null,
        null);
  }

  private static Delivery delivery(EndpointId endpoint, TenantId tenant) {
    EventId event = EventId.next();
    return new Delivery(
        MessageId.of(event, endpoint),
        event,
        "invoice.paid",
        tenant,
        endpoint,
        Instant.now(),
        1,
        "{\"event_type\":\"invoice.paid\",\"data\":{\"amount\":42}}");
  }

  /** Records what the dispatcher writes; attempts go to {@code onAttempt}. */
  private final class Recording implements DispatchPublisher {
    private final java.util.function.Function<Attempt, Mono<Void>> onAttempt;

    Recording(java.util.function.Function<Attempt, Mono<Void>> onAttempt) {
      this.onAttempt = onAttempt;
    }

    @Override
    public Mono<Void> attempt(Attempt attempt) {
      return onAttempt.apply(attempt);
    }

    @Override
    public Mono<Void> delivery(Topic<String, Delivery> topic, Delivery delivery) {
      return Mono.fromRunnable(() -> rerouted.add(topic.name() + " #" + delivery.attempt()));
    }

    @Override
    public Mono<Void> deadLetter(DeadLetter deadLetter) {
      return Mono.fromRunnable(() -> deadLetters.add(deadLetter));
    }
  }

  /** A configuration view whose catch-up reveals what was written "just before". */
  private static final class FakeDirectory implements EndpointDirectory {
    final Map<EndpointId, EndpointConfig> known = new ConcurrentHashMap<>();
    final Map<EndpointId, EndpointConfig> afterCatchUp = new ConcurrentHashMap<>();
    volatile boolean catchUpFails;
    volatile int catchUps;

    @Override
    public Optional<EndpointConfig> endpoint(EndpointId id) {
      return Optional.ofNullable(known.get(id));
    }

    @Override
    public synchronized CompletableFuture<Void> catchUp(Duration timeout) {
      catchUps++;
      if (catchUpFails) {
        return CompletableFuture.failedFuture(new TimeoutException());
      }
      known.putAll(afterCatchUp);
      return CompletableFuture.completedFuture(null);
    }
  }
}
