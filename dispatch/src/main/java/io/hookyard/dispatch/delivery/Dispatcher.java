package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.destination.Destinations;
import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedHeads;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.trace.Tracing;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers every record of {@code hookyard.deliveries} to its endpoint, settles what follows a
 * failure (a retry or a dead letter, see {@link Settlement}) and records the attempt on {@code
 * hookyard.attempts}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>At-least-once.</b> A delivery is acknowledged for commit only after its retry, dead
 *       letter or parking (if any) and then its attempt are on Kafka with {@code acks=all}. A
 *       crash, rebalance or restart before that sends it again; nothing is lost, and a subscriber
 *       may see it twice.
 *   <li><b>Stable {@code webhook-id}.</b> Every send of a delivery carries its message id, derived
 *       from (event, endpoint), so subscribers deduplicate on it across retries and replays.
 *   <li><b>Key = endpoint id.</b> One consumer in group {@code hookyard-dispatch} owns an
 *       endpoint's deliveries, so its rate limit and circuit breaker ({@link EndpointGuards}) are
 *       exact and local.
 *   <li><b>No head-of-line blocking.</b> Each endpoint has its own {@link Lane} with its own
 *       concurrency, rate limit and circuit. Deliveries finish and are acknowledged in any order,
 *       and offsets are committed only below the lowest unfinished one; an unordered endpoint that
 *       cannot take its backlog soon parks it in the delay tiers instead of holding it, so it never
 *       stalls its neighbours on the partition.
 *   <li><b>Ordered endpoints</b> get FIFO delivery: a failing delivery holds the later ones of that
 *       endpoint only. Their held deliveries do hold the partition's commits back, but at most
 *       {@code ordered-max-held} of them: beyond that the endpoint's deliveries move, in order, to
 *       its backlog on Kafka and it is fed from there ({@link OrderedOverflow}).
 *   <li><b>Bounded memory.</b> At most {@code maxBuffered} deliveries are held across lanes.
 * </ul>
 *
 * <p>When Kafka refuses an attempt or the configuration cannot be read, the whole pipeline stops
 * and resubscribes after a backoff, starting again from the last commit: unacknowledged deliveries
 * are never skipped.
 */
public final class Dispatcher {
  private final DeliverySource source;
  private final DispatchPublisher publisher;
  private final OrderedHeads heads;
  private final OrderedBacklog backlog;
  private final DeliveryHandler handler;
  private final Settlement settlement;
  private final EndpointGuards guards;
  private final DispatchMetrics metrics;
  private final LaneSettings settings;
  private final Clock clock;
  private final Loop loop = new Loop("dispatcher");
  private volatile Lanes current;

  /**
   * @param destinations runs vendor destinations' actions
   * @param configCatchUp how long to wait for the configuration view before judging an endpoint
   *     unknown
   * @param tracing where each attempt's span comes from
   * @param backlog where failing ordered endpoints move what they hold beyond {@code
   *     orderedMaxHeld}
   */
  public Dispatcher(
      DeliverySource source,
      DispatchPublisher publisher,
      OrderedHeads heads,
      OrderedBacklog backlog,
      ConfigView config,
      SecretBox secrets,
      WebhookSender sender,
      Destinations destinations,
      RetryPolicy policy,
      DelayTiers tiers,
      LaneSettings settings,
      Duration configCatchUp,
      MeterRegistry meters,
      Tracing tracing) {
    this(
        source,
        publisher,
        new DeliveryHandler(
            new EndpointResolver(EndpointDirectory.of(config), configCatchUp),
            secrets,
            sender,
            destinations,
            Clock.systemUTC(),
            tracing),
        new Settlement(policy, tiers, publisher, Clock.systemUTC()),
        heads,
        backlog,
        settings,
        meters,
        Clock.systemUTC());
  }

  /**
   * Ordered heads' try counts in memory: they survive runs of this dispatcher only. No backlog:
   * ordered endpoints hold all they get.
   */
  Dispatcher(
      DeliverySource source,
      DispatchPublisher publisher,
      DeliveryHandler handler,
      Settlement settlement,
      LaneSettings settings,
      MeterRegistry meters,
      Clock clock) {
    this(
        source,
        publisher,
        handler,
        settlement,
        OrderedHeads.inMemory(),
        null,
        settings,
        meters,
        clock);
  }

  Dispatcher(
      DeliverySource source,
      DispatchPublisher publisher,
      DeliveryHandler handler,
      Settlement settlement,
      OrderedHeads heads,
      OrderedBacklog backlog,
      LaneSettings settings,
      MeterRegistry meters,
      Clock clock) {
    this.heads = heads;
    this.backlog = backlog;
    this.source = source;
    this.publisher = publisher;
    this.handler = handler;
    this.settlement = settlement;
    this.settings = settings;
    this.clock = clock;
    this.guards = new EndpointGuards(settings.circuitFailures(), settings.circuitOpenFor(), clock);
    this.metrics = new DispatchMetrics(meters, clock);
    settlement.returnEarly(this::room);
    metrics.watch(meters, guards, this::queued, this::lanes);
    metrics.watchOverflow(meters, () -> overflow().overflowing(), () -> overflow().backlogged());
  }

  /**
   * The running dispatcher: subscribing starts consuming, disposing stops it (acknowledged offsets
   * are committed; in-flight deliveries are sent again by the next owner). Emits each delivery's
   * last attempt once it is recorded. Infrastructure failures mark its {@link #loop()} DOWN and
   * restart it with backoff; it does not complete.
   */
  public Flux<Attempt> run() {
    return loop.supervise(runOnce());
  }

  /** The dispatcher as health sees it. */
  public Loop loop() {
    return loop;
  }

  /**
   * One pass: reads the ordered heads' try counts, then consumes. Fails, without acknowledging the
   * delivery at hand, when an attempt is refused.
   */
  Flux<Attempt> runOnce() {
    return OrderedRetries.load(heads)
        .zipWith(OrderedOverflow.load(backlog, settings.orderedMaxHeld()))
        .flatMapMany(
            loaded ->
                Flux.using(
                    () -> {
                      Lanes lanes =
                          new Lanes(
                              handler,
                              settlement,
                              publisher,
                              guards,
                              metrics,
                              settings,
                              loaded.getT1(),
                              loaded.getT2(),
                              clock);
                      current = lanes;
                      return lanes;
                    },
                    lanes ->
                        Flux.<Attempt>create(
                            sink -> {
                              lanes.onFailure(sink::error);
                              lanes.overflow.resume();
                              Intake intake =
                                  new Intake(
                                      received -> deliver(lanes, received),
                                      sink,
                                      settings.maxBuffered());
                              lanes.watchIntake(intake::inHand);
                              source.receive().subscribe(intake);
                            }),
                    Lanes::dispose));
  }

  private Mono<Attempt> deliver(Lanes lanes, DeliverySource.Received received) {
    return lanes.admit(received).flatMap(result -> result);
  }

  /**
   * Completes once {@code delivery}, parked in a delay tier at its lane's pace by this dispatcher's
   * current run, may come back before its turn; never otherwise.
   */
  Mono<Void> room(Delivery delivery) {
    Lanes lanes = current;
    return lanes == null ? Mono.never() : lanes.room(delivery);
  }

  private int queued() {
    Lanes lanes = current;
    return lanes == null ? 0 : lanes.depth();
  }

  private OrderedOverflow overflow() {
    Lanes lanes = current;
    return lanes == null ? OrderedOverflow.NONE : lanes.overflow;
  }

  private int lanes() {
    Lanes lanes = current;
    return lanes == null ? 0 : lanes.size();
  }
}
