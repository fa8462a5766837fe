package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Bounds what a failing ordered endpoint holds back. An ordered {@link Lane} acknowledges nothing
 * past its head, and the delivery source commits only a partition's acknowledged prefix, so a head
 * failing for hours would hold every other endpoint of its partition back with it: after a crash
 * they would all be sent again. Once a lane holds more than {@code orderedMaxHeld}, it goes into
 * <b>overflow</b>:
 *
 * <ul>
 *   <li>Everything it holds, head included (taken while it waits between tries; never while it is
 *       being sent), is appended in order to {@code hookyard.deliveries.ordered.backlog} and
 *       acknowledged once Kafka has it; so is every later delivery of the endpoint read from {@code
 *       hookyard.deliveries}, in the order read (one append batch at a time per endpoint). The
 *       head's try count and due time stay on the ordered-heads topic ({@link OrderedRetries}),
 *       matched by {@code webhook-id}, so moving it loses nothing.
 *   <li>The lane is fed from its backlog by a cursor of its own, at most {@link #BATCH} at a time,
 *       when its queue is empty; so one overflowed endpoint holds nothing of the main topic back,
 *       nor another endpoint's backlog.
 *   <li>The endpoint's {@link BacklogCursor} is stored before its first append, and the cursor
 *       (where its unsettled deliveries start) again before each batch is read. A restart reads the
 *       backlog from the cursor to its end and acknowledges, without appending again, the
 *       endpoint's main-topic deliveries at or below the highest offset found there; otherwise they
 *       would go in behind newer ones. It may send a few settled ones again, under their own {@code
 *       webhook-id}.
 *   <li>It leaves overflow when its backlog is read to the end, nothing is being appended and its
 *       lane is empty (decided under the lane's lock, so a delivery arriving meanwhile either went
 *       to the backlog before, or goes straight to the lane after): the cursor is stored with
 *       {@code overflow: false}, and what it appended is remembered there, so a restart still skips
 *       it.
 * </ul>
 *
 * <p>Refinements of the design: the head is not taken while it waits for an open circuit's
 * permission only if that permission was granted in the same instant (it is given back); a head
 * being sent is left to finish its try, and the lane overflows when it next waits. Deliveries of an
 * endpoint made unordered while in overflow are still fed from the backlog in order.
 */
final class OrderedOverflow {
  private static final Logger log = LoggerFactory.getLogger(OrderedOverflow.class);

  /** Deliveries handed to a lane from its backlog at a time. */
  static final int BATCH = 16;

  private static final Duration LOOK_AGAIN = Duration.ofMillis(200);
  private static final String BACKLOG = Topics.ORDERED_BACKLOG.name();

  private final OrderedBacklog backlog;
  private final int maxHeld;
  private final ConcurrentMap<EndpointId, BacklogState> states;
  private Lanes lanes;

  /** Off: no endpoint in overflow (before the first run). */
  static final OrderedOverflow NONE = new OrderedOverflow(null, 0, Map.of());

  /** What a run starts with: the stored cursors, or nothing when overflow is off. */
  record Loaded(
      OrderedBacklog backlog, int maxHeld, Map<EndpointId, OrderedBacklog.Standing> standing) {
    OrderedOverflow start(Lanes lanes) {
      OrderedOverflow overflow = new OrderedOverflow(backlog, maxHeld, standing);
      overflow.lanes = lanes;
      return overflow;
    }
  }

  /** Starts feeding the endpoints a restart finds in overflow, once the run is wired up. */
  void resume() {
    states.keySet().forEach(this::refill);
  }

  private OrderedOverflow(
      OrderedBacklog backlog, int maxHeld, Map<EndpointId, OrderedBacklog.Standing> standing) {
    this.backlog = backlog;
    this.maxHeld = maxHeld;
    this.states = new ConcurrentHashMap<>();
    standing.forEach((id, s) -> states.put(id, new BacklogState(s)));
  }

  /** Reads where every endpoint stands; nothing when {@code backlog} is null (overflow off). */
  static Mono<Loaded> load(OrderedBacklog backlog, int maxHeld) {
    if (backlog == null) {
      return Mono.just(new Loaded(null, 0, Map.of()));
    }
    return backlog.load().map(standing -> new Loaded(backlog, maxHeld, standing));
  }

  /** Whether {@code received} came from a backlog. */
  boolean fed(DeliverySource.Received received) {
    return received.readFrom(BACKLOG);
  }

  boolean active(EndpointId id) {
    BacklogState s = states.get(id);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.active;
    }
  }

  /** Whether an ordered lane holding {@code held} should move them to its backlog. Lane locks. */
  boolean due(EndpointId id, int held) {
    if (backlog == null || held <= maxHeld) {
      return false;
    }
    BacklogState s = states.get(id);
    if (s == null) {
      return true;
    }
    synchronized (s) {
      return !s.active;
    }
  }

  /**
   * Takes a main-topic delivery of an ordered endpoint: acknowledges it when a restart finds it in
   * the backlog already, appends it while the endpoint is in overflow, else returns null (the lane
   * takes it). Lane locks; the append starts at the next {@link #flush}.
   */
  Mono<Attempt> offer(EndpointId id, DeliverySource.Received received) {
    BacklogState s = states.get(id);
    if (s == null || received.from() == null) {
      return null;
    }
    synchronized (s) {
      Long upTo = s.appended.get(received.from().partition());
      if (upTo != null && received.from().offset() <= upTo) {
        return Mono.fromRunnable(received::ack);
      }
      if (!s.active || s.leaving) {
        return null;
      }
      Lane.Pending moved =
          new Lane.Pending(received, lanes.clock.instant(), Sinks.one(), new Progress("backlog"));
      s.pending.add(moved);
      s.unread++;
      return moved.result().asMono();
    }
  }

  /** Puts an ordered endpoint into overflow with what its lane held, in order. Lane locks. */
  void enter(EndpointId id, List<Lane.Pending> moving) {
    BacklogState s = states.computeIfAbsent(id, k -> new BacklogState());
    synchronized (s) {
      s.active = true;
      s.marked = false;
      s.readPosition = s.cursor;
      s.pending.addAll(moving);
      s.unread += moving.size();
    }
    log.info(
        "ordered endpoint {} holds more than {}: fed from its backlog from now on", id, maxHeld);
    if (log.isDebugEnabled()) {
      log.debug(
          "moving {}",
          moving.stream().map(p -> p.received().delivery().messageId().value()).toList());
    }
  }

  /**
   * Appends what waits to be appended, one batch at a time per endpoint: the cursor first when the
   * endpoint just went into overflow; then each delivery is acknowledged on the main topic.
   */
  void flush(EndpointId id) {
    BacklogState s = states.get(id);
    if (s == null) {
      return;
    }
    List<Lane.Pending> batch;
    BacklogCursor mark;
    synchronized (s) {
      if (s.flushing || s.pending.isEmpty()) {
        return;
      }
      batch = List.copyOf(s.pending);
      s.pending.clear();
      s.flushing = true;
      s.flushes++;
      mark = s.marked ? null : s.stored();
    }
    Mono<Void> first =
        mark == null
            ? Mono.empty()
            : backlog.mark(id, mark).doOnSuccess(v -> s.markedAt(mark.cursor()));
    lanes.runOrFail(
        first
            .then(backlog.append(batch.stream().map(Lane.Pending::received).toList()))
            .doOnSuccess(
                v -> {
                  synchronized (s) {
                    s.flushing = false;
                    for (Lane.Pending p : batch) {
                      DeliverySource.Position from = p.received().from();
                      s.appended.merge(from.partition(), from.offset(), Math::max);
                    }
                  }
                  for (Lane.Pending p : batch) {
                    p.received().ack();
                    p.result().tryEmitEmpty();
                  }
                  flush(id);
                  refill(id);
                })
            .doOnError(e -> batch.forEach(p -> p.result().tryEmitError(e))));
  }

  /**
   * Feeds an endpoint in overflow the next batch from its backlog once its lane's queue is empty,
   * or takes it out of overflow once nothing is left anywhere.
   */
  void refill(EndpointId id) {
    BacklogState s = states.get(id);
    if (s == null) {
      return;
    }
    synchronized (s) {
      if (!s.active || s.leaving || s.fetching) {
        return;
      }
    }
    Lane lane = lanes.lane(id);
    if (lane != null && !lane.wantsMore()) {
      return;
    }
    BacklogCursor leave = null;
    BacklogCursor mark = null;
    long from;
    long flushes;
    Object lock = lane == null ? new Object() : lane;
    synchronized (lock) {
      synchronized (s) {
        if (!s.active || s.leaving || s.fetching) {
          return;
        }
        from = s.readPosition;
        flushes = s.pending.isEmpty() && !s.flushing ? s.flushes : -1;
        if (s.unread <= 0
            && s.pending.isEmpty()
            && !s.flushing
            && (lane == null || lane.emptyNow())) {
          s.leaving = true;
          s.cursor = Math.max(s.cursor, s.readPosition);
          leave = s.stored();
        } else {
          s.fetching = true;
          if (s.cursor != s.markedCursor) {
            mark = s.stored();
          }
        }
      }
    }
    if (leave != null) {
      leave(id, s, leave);
      return;
    }
    BacklogCursor marking = mark;
    Mono<Void> first =
        marking == null
            ? Mono.empty()
            : backlog.mark(id, marking).doOnSuccess(v -> s.markedAt(marking.cursor()));
    lanes.runOrFail(
        first
            .then(backlog.read(id, from, BATCH))
            .flatMap(
                batch -> {
                  if (log.isDebugEnabled()) {
                    log.debug(
                        "read {} from {} to {}: {}",
                        id,
                        from,
                        batch.next(),
                        batch.deliveries().stream()
                            .map(r -> r.delivery().messageId().value() + "@" + r.from().offset())
                            .toList());
                  }
                  synchronized (s) {
                    s.readPosition = batch.next();
                    s.unread -= batch.deliveries().size();
                    if (batch.deliveries().isEmpty()
                        && flushes == s.flushes
                        && !s.flushing
                        && s.pending.isEmpty()) {
                      // read to the end with no append since it began: nothing more is coming
                      // (a count read at start-up may include records that no longer read)
                      s.unread = 0;
                    }
                  }
                  return feed(s, batch).thenReturn(batch.deliveries().isEmpty());
                })
            .flatMap(
                empty -> {
                  synchronized (s) {
                    s.fetching = false;
                  }
                  // appended but not yet readable: look again shortly
                  return empty ? Mono.delay(LOOK_AGAIN).thenReturn(true) : Mono.just(true);
                })
            .doOnSuccess(v -> refill(id)));
  }

  /** Hands a batch to its lane in order; each delivery moves the cursor on once settled. */
  private Mono<Void> feed(BacklogState s, OrderedBacklog.Batch batch) {
    return Flux.fromIterable(batch.deliveries())
        .concatMap(
            r -> {
              long offset = r.from().offset();
              return lanes.admit(
                  new DeliverySource.Received(
                      r.delivery(), r.enqueuedAt(), () -> s.settled(offset), r.from()));
            })
        .doOnNext(lanes::runOrFail)
        .then();
  }

  private void leave(EndpointId id, BacklogState s, BacklogCursor cursor) {
    lanes.runOrFail(
        backlog
            .mark(id, cursor)
            .doOnSuccess(
                v -> {
                  synchronized (s) {
                    s.active = false;
                    s.leaving = false;
                    s.markedCursor = cursor.cursor();
                  }
                  backlog.release(id);
                  log.info("ordered endpoint {} is fed from the main topic again", id);
                  Lane lane = lanes.lane(id);
                  if (lane != null) {
                    lane.drain();
                  }
                }));
  }

  /** Endpoints in overflow now. */
  int overflowing() {
    return (int) states.values().stream().filter(BacklogState::isActive).count();
  }

  /** Deliveries in backlogs not yet handed to their lanes. */
  long backlogged() {
    return states.values().stream().mapToLong(BacklogState::backlogged).sum();
  }

  /** Lets go of the backlog readers of this run. */
  void stop() {
    if (backlog != null) {
      states.keySet().forEach(backlog::release);
    }
  }
}
