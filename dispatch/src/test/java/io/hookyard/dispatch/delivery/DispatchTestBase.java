package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedHeads;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the dispatcher tests share: in-memory stand-ins for Kafka and the configuration view that
 * record what the dispatcher writes and acknowledges, and a real HTTP subscriber on loopback.
 */
abstract class DispatchTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);

  final TenantId tenant = TenantId.next();
  final SecretBox box = new SecretBox(Base64.getDecoder().decode(SecretBox.newKey()));
  final ReceiverServer server = new ReceiverServer();
  final WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), 8);
  final FakeDirectory directory = new FakeDirectory();
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Attempt> published = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  final List<String> rerouted = new CopyOnWriteArrayList<>();
  final List<Delivery> reroutedDeliveries = new CopyOnWriteArrayList<>();
  List<Duration> schedule = List.of();
  OrderedHeads heads = OrderedHeads.inMemory();

  /** Where ordered endpoints move what they hold beyond the lane settings' bound; none: off. */
  OrderedBacklog backlog;

  @AfterEach
  void close() {
    sender.close();
    server.close();
  }

  List<Attempt> run(Delivery... deliveries) {
    return run(LaneSettings.defaults(), deliveries);
  }

  List<Attempt> run(LaneSettings lanes, Delivery... deliveries) {
    return run(lanes, Flux.fromArray(deliveries));
  }

  /** Runs the dispatcher over deliveries that arrive as {@code deliveries} emits them. */
  List<Attempt> run(LaneSettings lanes, Flux<Delivery> deliveries) {
    return dispatcher(deliveries, new Recording(this::publish), lanes)
        .runOnce()
        .collectList()
        .block(WAIT);
  }

  Mono<Void> publish(Attempt attempt) {
    return Mono.fromRunnable(
        () -> {
          published.add(attempt);
          events.add("published " + attempt.webhookId());
        });
  }

  Dispatcher dispatcher(List<Delivery> deliveries, DispatchPublisher publisher) {
    return dispatcher(deliveries, publisher, LaneSettings.defaults());
  }

  Dispatcher dispatcher(
      List<Delivery> deliveries, DispatchPublisher publisher, LaneSettings lanes) {
    return dispatcher(Flux.fromIterable(deliveries), publisher, lanes);
  }

  Dispatcher dispatcher(
      Flux<Delivery> deliveries, DispatchPublisher publisher, LaneSettings lanes) {
    // each at its offset on partition 0 of the deliveries topic
    DeliverySource source =
        () ->
            deliveries
                .index()
                .map(
                    read ->
                        new DeliverySource.Received(
                            read.getT2(),
                            Instant.EPOCH,
                            () -> events.add("ack " + read.getT2().messageId()),
                            new DeliverySource.Position(
                                Topics.DELIVERIES.name(), 0, read.getT1())));
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
    return new Dispatcher(
        source,
        publisher,
        handler,
        settlement,
        heads,
        backlog,
        lanes,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  EndpointConfig endpoint(URI url, boolean disabled) {
    return endpoint(url, disabled, box);
  }

  EndpointConfig endpoint(URI url, boolean disabled, SecretBox sealedWith) {
    return endpoint(url, disabled, sealedWith, false);
  }

  EndpointConfig orderedEndpoint(URI url) {
    return endpoint(url, false, box, true);
  }

  private EndpointConfig endpoint(
      URI url, boolean disabled, SecretBox sealedWith, boolean ordered) {
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
        ordered,
        disabled,
        null,
        null);
  }

  static Delivery delivery(EndpointId endpoint, TenantId tenant) {
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
  final class Recording implements DispatchPublisher {
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
      return Mono.fromRunnable(
          () -> {
            rerouted.add(topic.name() + " #" + delivery.attempt());
            reroutedDeliveries.add(delivery);
          });
    }

    @Override
    public Mono<Void> deadLetter(DeadLetter deadLetter) {
      return Mono.fromRunnable(() -> deadLetters.add(deadLetter));
    }

    @Override
    public Mono<Void> raw(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record) {
      return Mono.empty();
    }
  }

  /** A configuration view whose catch-up reveals what was written "just before". */
  static final class FakeDirectory implements EndpointDirectory {
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
