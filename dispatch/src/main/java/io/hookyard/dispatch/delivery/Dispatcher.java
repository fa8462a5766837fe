package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.view.ConfigView;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Delivers every record of {@code hookyard.deliveries} to its endpoint, settles what follows a
 * failure (a retry through the delay tiers or a dead letter, see {@link Settlement}) and records
 * the attempt on {@code hookyard.attempts}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>At-least-once.</b> A delivery is acknowledged for commit only after its retry or dead
 *       letter (if any) and then its attempt are on Kafka with {@code acks=all}. A crash, rebalance
 *       or restart before that sends it again; nothing is lost, and a subscriber may see it twice.
 *   <li><b>Stable {@code webhook-id}.</b> Every send of a delivery carries its message id, derived
 *       from (event, endpoint), so subscribers deduplicate on it across retries and replays.
 *   <li><b>Key = endpoint id.</b> One consumer in group {@code hookyard-dispatch} owns an
 *       endpoint's deliveries, which later lets its rate limit and circuit breaker be local.
 *   <li><b>Bounded concurrency.</b> At most {@code concurrency} deliveries are in flight, across
 *       endpoints and partitions; they finish and are acknowledged in any order, and offsets are
 *       committed only below the lowest unfinished one. Deliveries to one endpoint are not ordered
 *       yet (ordered endpoints are a later feature).
 * </ul>
 *
 * <p>When Kafka refuses an attempt or the configuration cannot be read, the whole pipeline stops
 * and resubscribes after a backoff, starting again from the last commit: unacknowledged deliveries
 * are never skipped.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final DeliverySource source;
  private final DispatchPublisher publisher;
  private final DeliveryHandler handler;
  private final Settlement settlement;
  private final int concurrency;

  /**
   * @param concurrency how many deliveries may be in flight at once
   * @param configCatchUp how long to wait for the configuration view before judging an endpoint
   *     unknown
   */
  public Dispatcher(
      DeliverySource source,
      DispatchPublisher publisher,
      ConfigView config,
      SecretBox secrets,
      WebhookSender sender,
      RetryPolicy policy,
      DelayTiers tiers,
      int concurrency,
      Duration configCatchUp) {
    this(
        source,
        publisher,
        new DeliveryHandler(
            new EndpointResolver(EndpointDirectory.of(config), configCatchUp),
            secrets,
            sender,
            Clock.systemUTC()),
        new Settlement(policy, tiers, publisher, Clock.systemUTC()),
        concurrency);
  }

  Dispatcher(
      DeliverySource source,
      DispatchPublisher publisher,
      DeliveryHandler handler,
      Settlement settlement,
      int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive");
    }
    this.source = source;
    this.publisher = publisher;
    this.handler = handler;
    this.settlement = settlement;
    this.concurrency = concurrency;
  }

  /**
   * The running dispatcher: subscribing starts consuming, disposing stops it (acknowledged offsets
   * are committed; in-flight deliveries are sent again by the next owner). Emits each attempt once
   * it is recorded. Infrastructure failures restart it with backoff; it does not complete.
   */
  public Flux<Attempt> run() {
    return runOnce()
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
                .maxBackoff(MAX_BACKOFF)
                .transientErrors(true)
                .doBeforeRetry(
                    signal ->
                        log.warn(
                            "dispatch stopped ({}); resuming from the last commit",
                            signal.failure().toString())));
  }

  /** One pass: fails, without acknowledging the delivery at hand, when an attempt is refused. */
  Flux<Attempt> runOnce() {
    return source.receive().flatMap(this::deliver, concurrency);
  }

  private Mono<Attempt> deliver(DeliverySource.Received received) {
    return handler
        .handle(received.delivery())
        .flatMap(settlement::settle)
        .flatMap(attempt -> publisher.attempt(attempt).thenReturn(attempt))
        .doOnNext(
            attempt -> {
              received.ack();
              logAttempt(attempt);
            });
  }

  private static void logAttempt(Attempt a) {
    if (a.succeeded()) {
      log.debug(
          "endpoint {} status {} in {} ms ({} #{})",
          a.endpointId(),
          a.statusCode(),
          a.responseTimeMs(),
          a.webhookId(),
          a.attempt());
    } else {
      log.info(
          "endpoint {} failed: status {} error {} in {} ms ({} #{})",
          a.endpointId(),
          a.statusCode(),
          a.error(),
          a.responseTimeMs(),
          a.webhookId(),
          a.attempt());
    }
  }
}
