package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An ordered endpoint that holds more than its bound moves what it holds, head included, to its
 * backlog, acknowledges it on the main topic and is fed from the backlog in order; a restart does
 * not append again what the backlog holds. The backlog is in memory here; the subscriber is real,
 * on loopback.
 */
class OrderedOverflowTest extends DispatchTestBase {
  private static final LaneSettings HOLD_TWO =
      new LaneSettings(
          1, Duration.ofSeconds(5), Duration.ofMinutes(1), 100, Duration.ofMinutes(5), 100, 2);

  final MemoryBacklog memory = new MemoryBacklog();

  /** The endpoints' rate limit (100 a minute) spaces their requests 0.6 s apart. */
  private static final Duration LONG = Duration.ofSeconds(30);

  final CountDownLatch left = new CountDownLatch(1);
  Disposable running;

  @Test
  void aFailingOrderedEndpointMovesWhatItHoldsAndIsFedFromThereInOrder() throws Exception {
    schedule = List.of(Duration.ofMillis(10));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    List<Delivery> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(delivery(endpoint.id(), tenant));
    }

    List<Attempt> attempts = runUntil(sent, 10);

    assertThat(events)
        .as("every delivery is acknowledged on the main topic")
        .containsAll(sent.stream().map(d -> "ack " + d.messageId()).toList());
    assertThat(memory.appended())
        .as("all of them, the failing head first, went to the backlog in order")
        .containsExactlyElementsOf(ids(sent));
    List<MessageId> expected = new ArrayList<>();
    sent.forEach(d -> expected.addAll(List.of(d.messageId(), d.messageId())));
    assertThat(attempts)
        .as("each tried twice and dead-lettered before the next starts")
        .extracting(Attempt::webhookId)
        .containsExactlyElementsOf(expected);
    assertThat(left.await(LONG.toMillis(), TimeUnit.MILLISECONDS))
        .as("it leaves overflow once its backlog is settled")
        .isTrue();
  }

  @Test
  void aRestartDoesNotAppendAgainWhatTheBacklogHolds() throws Exception {
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/200/0"));
    directory.known.put(endpoint.id(), endpoint);
    List<Delivery> sent =
        List.of(
            delivery(endpoint.id(), tenant),
            delivery(endpoint.id(), tenant),
            delivery(endpoint.id(), tenant));
    // before the restart, the first two were appended (main offsets 0 and 1), not yet acknowledged
    memory.cursors.put(endpoint.id(), new BacklogCursor(true, 0, Map.of()));
    memory.append(List.of(main(sent.get(0), 0), main(sent.get(1), 1))).block();

    List<Attempt> attempts = runUntil(sent, 3);

    assertThat(attempts)
        .extracting(Attempt::webhookId)
        .as("each once, in order")
        .containsExactlyElementsOf(ids(sent));
    assertThat(memory.appended()).containsExactlyElementsOf(ids(sent));
    assertThat(events).containsAll(sent.stream().map(d -> "ack " + d.messageId()).toList());
    assertThat(left.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /**
   * The delivery that takes the lane over its bound arrives while the failing head waits for its
   * retry: the head is taken from its wait and must go to the backlog first, with everything behind
   * it; the next must not start in the head's place (it did: taking the head ended its try at once,
   * which freed its slot and started the next before the queue was moved, so the head was left out,
   * never acknowledged, and the second was sent ahead of it).
   */
  @Test
  void aHeadTakenFromItsRetryWaitByAnArrivalGoesToTheBacklogFirst() throws Exception {
    schedule = List.of(Duration.ofHours(1));
    EndpointConfig endpoint = orderedEndpoint(server.url("/status/500/0"));
    directory.known.put(endpoint.id(), endpoint);
    List<Delivery> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(delivery(endpoint.id(), tenant));
    }
    Sinks.Many<Delivery> arriving = Sinks.many().unicast().onBackpressureBuffer();
    Sinks.Empty<Void> firstRecorded = Sinks.empty();
    CountDownLatch tried = new CountDownLatch(1);
    backlog = memory;
    Recording publisher =
        new Recording(
            a -> {
              published.add(a);
              tried.countDown();
              return firstRecorded.asMono();
            });
    running = dispatcher(arriving.asFlux(), publisher, HOLD_TWO).runOnce().subscribe();

    arriving.tryEmitNext(sent.get(0));
    assertThat(tried.await(LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    await().atMost(LONG).until(() -> firstRecorded.currentSubscriberCount() > 0);
    // its failed try recorded, the head waits an hour for its retry from here on
    firstRecorded.tryEmitEmpty();
    // the second behind it is one more than the lane may hold
    sent.subList(1, 4).forEach(arriving::tryEmitNext);

    await()
        .atMost(LONG)
        .until(
            () ->
                events.containsAll(
                    sent.subList(1, 4).stream().map(d -> "ack " + d.messageId()).toList()));
    assertThat(events)
        .as("the head is acknowledged on the main topic with the rest")
        .contains("ack " + sent.get(0).messageId());
    assertThat(memory.appended())
        .as("the waiting head went to the backlog first, then those behind it, in order")
        .containsExactlyElementsOf(ids(sent));
    assertThat(published)
        .as("nothing behind the failing head was sent")
        .extracting(Attempt::webhookId)
        .containsOnly(sent.get(0).messageId());
  }

  /** Runs the dispatcher on {@code sent} (and no end) until {@code attempts} were recorded. */
  private List<Attempt> runUntil(List<Delivery> sent, int attempts) throws InterruptedException {
    backlog = memory;
    CountDownLatch recorded = new CountDownLatch(attempts);
    Recording publisher =
        new Recording(
            a -> {
              published.add(a);
              recorded.countDown();
              return Mono.empty();
            });
    running =
        dispatcher(Flux.fromIterable(sent).concatWith(Flux.never()), publisher, HOLD_TWO)
            .runOnce()
            .subscribe();
    assertThat(recorded.await(LONG.toMillis(), TimeUnit.MILLISECONDS))
        .as(
            "%s attempts recorded: %s; %s",
            published.size(),
            published.stream().map(a -> a.webhookId() + "#" + a.attempt()).toList(),
            events)
        .isTrue();
    return List.copyOf(published);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.dispose();
    }
  }

  private static List<MessageId> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::messageId).toList();
  }

  private static DeliverySource.Received main(Delivery delivery, long offset) {
    return new DeliverySource.Received(
        delivery,
        Instant.EPOCH,
        () -> {},
        new DeliverySource.Position(Topics.DELIVERIES.name(), 0, offset));
  }

  /** One backlog partition and the cursors, in memory. */
  final class MemoryBacklog implements OrderedBacklog {
    final List<DeliverySource.Received> records = new ArrayList<>();
    final Map<EndpointId, BacklogCursor> cursors = new ConcurrentHashMap<>();

    synchronized List<MessageId> appended() {
      return records.stream().map(r -> r.delivery().messageId()).toList();
    }

    @Override
    public synchronized Mono<Map<EndpointId, Standing>> load() {
      Map<EndpointId, Standing> loaded = new HashMap<>();
      cursors.forEach(
          (id, cursor) -> {
            Map<Integer, Long> appended = new HashMap<>(cursor.appended());
            long unread = 0;
            for (int i = (int) cursor.cursor(); cursor.overflow() && i < records.size(); i++) {
              DeliverySource.Received r = records.get(i);
              if (r.delivery().endpointId().equals(id)) {
                unread++;
                appended.merge(r.from().partition(), r.from().offset(), Math::max);
              }
            }
            loaded.put(
                id,
                new Standing(
                    new BacklogCursor(cursor.overflow(), cursor.cursor(), appended), unread));
          });
      return Mono.just(loaded);
    }

    @Override
    public Mono<Void> mark(EndpointId endpoint, BacklogCursor cursor) {
      return Mono.fromRunnable(
          () -> {
            cursors.put(endpoint, cursor);
            if (!cursor.overflow()) {
              left.countDown();
            }
          });
    }

    @Override
    public Mono<Void> append(List<DeliverySource.Received> deliveries) {
      return Mono.fromRunnable(
          () -> {
            synchronized (this) {
              records.addAll(deliveries);
            }
          });
    }

    @Override
    public synchronized Mono<Batch> read(EndpointId endpoint, long from, int max) {
      List<DeliverySource.Received> read = new ArrayList<>();
      long next = from;
      while (next < records.size() && read.size() < max) {
        DeliverySource.Received r = records.get((int) next);
        if (r.delivery().endpointId().equals(endpoint)) {
          read.add(
              new DeliverySource.Received(
                  r.delivery(),
                  r.enqueuedAt(),
                  () -> {},
                  new DeliverySource.Position(Topics.ORDERED_BACKLOG.name(), 0, next)));
        }
        next++;
      }
      return Mono.just(new Batch(read, next));
    }

    @Override
    public void release(EndpointId endpoint) {}

    @Override
    public void close() {}
  }
}
