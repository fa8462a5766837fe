package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.loop.FailureReason;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The {@link Lane}s of one run of the dispatcher, one per endpoint with deliveries in hand; an idle
 * lane is dropped. Disposing stops everything the lanes started (the unacknowledged deliveries are
 * read again from the last commit by the next run).
 */
final class Lanes implements Disposable {
  private static final Logger log = LoggerFactory.getLogger(Lanes.class);
  final DeliveryHandler handler;
  final Settlement settlement;
  final EndpointGuards guards;
  final DispatchMetrics metrics;
  final LaneSettings settings;
  final Clock clock;
  final OrderedRetries retries;
  final OrderedOverflow overflow;
  private final DispatchPublisher publisher;
  private final ConcurrentMap<EndpointId, Lane> lanes = new ConcurrentHashMap<>();
  private volatile IntSupplier inHand = () -> 0;
  private final Sinks.Empty<Void> stopped = Sinks.empty();
  private volatile Consumer<Throwable> onFailure =
      e -> log.error("dispatch work failed before its run was wired up: {}", FailureReason.of(e));
  private volatile boolean disposed;

  Lanes(
      DeliveryHandler handler,
      Settlement settlement,
      DispatchPublisher publisher,
      EndpointGuards guards,
      DispatchMetrics metrics,
      LaneSettings settings,
      OrderedRetries retries,
      OrderedOverflow.Loaded overflow,
      Clock clock) {
    this.retries = retries;
    this.handler = handler;
    this.settlement = settlement;
    this.publisher = publisher;
    this.guards = guards;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.overflow = overflow.start(this);
  }

  /** Hands a delivery for an existing, enabled endpoint to its lane. */
  Mono<Attempt> submit(DeliverySource.Received received, EndpointConfig endpoint) {
    return Mono.defer(() -> submitNow(received, endpoint));
  }

  /**
   * Delivers {@code received}: to its endpoint's lane when the endpoint exists and is enabled, else
   * settled at once (the endpoint gone or disabled). Emits the delivery's result once it is in its
   * lane, so deliveries admitted one after the other keep their order there.
   */
  Mono<Mono<Attempt>> admit(DeliverySource.Received received) {
    Delivery delivery = received.delivery();
    return handler
        .resolve(delivery)
        .map(
            endpoint ->
                endpoint.isPresent() && !endpoint.get().disabled()
                    ? submitNow(received, endpoint.get())
                    : handler
                        .handle(delivery, endpoint)
                        .flatMap(settlement::settle)
                        .flatMap(
                            settled ->
                                record(delivery, settled)
                                    .then(retries.forget(delivery.endpointId()))
                                    .thenReturn(settled.attempt()))
                        .doOnNext(attempt -> received.ack()));
  }

  private Mono<Attempt> submitNow(DeliverySource.Received received, EndpointConfig endpoint) {
    Mono<Attempt>[] result = newResult();
    Lane lane =
        lanes.compute(
            endpoint.id(),
            (id, existing) -> {
              Lane l = existing == null ? new Lane(id, this) : existing;
              result[0] = l.accept(received, endpoint);
              return l;
            });
    lane.drain();
    overflow.flush(endpoint.id());
    return result[0];
  }

  /**
   * Whether the intake has room: fewer than three quarters of {@code maxBuffered} deliveries in
   * hand. Then a lane's backlog takes nobody's place (the intake pauses only when it is full, and a
   * quarter is left for the neighbours' deliveries), and one that waits on its measured pace alone
   * is held longer ({@link ParkSchedule}).
   */
  boolean roomy() {
    return inHand.getAsInt() < settings.maxBuffered() - settings.maxBuffered() / 4;
  }

  /** Where {@link #roomy} reads the deliveries in hand. */
  void watchIntake(IntSupplier inHand) {
    this.inHand = inHand;
  }

  /**
   * Completes once {@code delivery}, parked by its lane here at the lane's pace, may come back
   * before its turn ({@link LaneParking#room}); never, when no lane here parked it so.
   */
  Mono<Void> room(Delivery delivery) {
    Lane lane = lanes.get(delivery.endpointId());
    return lane == null ? Mono.never() : lane.room(delivery);
  }

  /** The endpoint's lane, if it has one now. */
  Lane lane(EndpointId id) {
    return lanes.get(id);
  }

  /**
   * Runs work no delivery of the intake waits for (a backlog's appends and reads); its failure
   * fails the whole run, as a refused attempt does.
   */
  void runOrFail(Mono<?> work) {
    work.takeUntilOther(stopped.asMono()).subscribe(v -> {}, e -> onFailure.accept(e));
  }

  /** Where a failure of work started with {@link #runOrFail} goes: it ends the run. */
  void onFailure(Consumer<Throwable> failed) {
    onFailure = failed;
  }

  /** Deliveries queued or in flight across all lanes. */
  int depth() {
    return lanes.values().stream().mapToInt(Lane::depth).sum();
  }

  int size() {
    return lanes.size();
  }

  /** Records an attempt on Kafka and counts its outcome. */
  Mono<Void> record(Delivery delivery, Settlement.Settled settled) {
    return publisher
        .attempt(settled.attempt())
        .doOnSuccess(
            v -> {
              metrics.settled(settled);
              if (settled.kind() == Settlement.Kind.SUCCEEDED) {
                metrics.delivered(delivery);
              }
            });
  }

  /**
   * Watches an unordered delivery's result. Still not there after {@code stuckAfter}, the delivery
   * is stuck: no legitimate wait of an unordered delivery lasts that long (its lane holds at most
   * {@code maxHold} of backlog and parks the rest; each request has its deadline). It is counted
   * and logged with its last step, and its result fails, which ends the dispatcher's run: the next
   * run reads it again from the last commit and sends it under the same {@code webhook-id}, instead
   * of its partition's commits staying behind it until the process restarts.
   */
  Mono<Attempt> watch(Mono<Attempt> result, Delivery delivery, Progress progress) {
    Duration after = settings.stuckAfter();
    return result.timeout(
        after,
        Mono.defer(
            () -> {
              metrics.stuck();
              StuckDelivery stuck = new StuckDelivery(delivery, after, progress.stage());
              log.warn("{}; dispatch starts again from the last commit", stuck.getMessage());
              return Mono.error(stuck);
            }));
  }

  /** Runs {@code work} and passes its result on to {@code result}, until disposed. */
  void track(Mono<Attempt> work, Sinks.One<Attempt> result) {
    work.takeUntilOther(stopped.asMono())
        .subscribe(result::tryEmitValue, result::tryEmitError, result::tryEmitEmpty);
  }

  void evictIfIdle(EndpointId id) {
    lanes.computeIfPresent(id, (k, lane) -> lane.idle() ? null : lane);
  }

  @Override
  public void dispose() {
    disposed = true;
    stopped.tryEmitEmpty();
    overflow.stop();
    lanes.clear();
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }

  @SuppressWarnings("unchecked")
  private static Mono<Attempt>[] newResult() {
    return (Mono<Attempt>[]) new Mono<?>[1];
  }
}
