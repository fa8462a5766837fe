package io.hookyard.control.replay;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.loop.FailureReason;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs replays and backfills: takes running ones from PostgreSQL (up to {@code concurrency} at a
 * time, each under a lease kept while it runs) and feeds each endpoint its events in batches
 * through {@link ReplayLane}.
 *
 * <p>Restarts: a replay's positions are stored after every batch, so after a crash, a restart or a
 * rebalance of instances it <i>resumes</i> from there rather than failing: at most the batch that
 * was in flight is sent again, with the same {@code webhook-id}s, which is the at-least-once every
 * delivery has anyway. A clean shutdown gives up its leases, so the next start resumes at once;
 * after a crash the lease (30 s) runs out first. A replay fails, with the reason, only when it
 * cannot go on: its endpoint was deleted or disabled.
 *
 * <p>A backfill fixes the end of its range at its seam: once the endpoint's configuration is on
 * {@code hookyard.config} (its outbox row relayed) and {@code backfill-seam} more has passed, the
 * range ends at the topic's end then. Routing knew the endpoint before any event after that point,
 * so those are routed live; events in between reach the endpoint twice, with the same id.
 */
final class ReplayRunner implements SmartLifecycle, Supervised {
  private static final Logger log = LoggerFactory.getLogger(ReplayRunner.class);
  private static final Duration BACKOFF = Duration.ofSeconds(10);

  private final ReplayStore store;
  private final EventLog events;
  private final ReplayLane lane;
  private final ReplaySettings settings;
  private final String owner = Ids.next("run");
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private final Sinks.Many<Boolean> kicks = Sinks.many().multicast().directBestEffort();
  private final Loop loop = new Loop("replays", Duration.ofSeconds(1), Duration.ofSeconds(30));
  private final Disposable.Composite jobs = Disposables.composite();
  private volatile Disposable running;

  ReplayRunner(ReplayStore store, EventLog events, ReplayLane lane, ReplaySettings settings) {
    this.store = store;
    this.events = events;
    this.lane = lane;
    this.settings = settings;
  }

  /** Looks for replays to run now rather than at the next tick. */
  void kick() {
    kicks.tryEmitNext(Boolean.TRUE);
  }

  @Override
  public void start() {
    running =
        loop.supervise(
                Flux.defer(
                    () ->
                        Flux.merge(
                                Flux.interval(Duration.ZERO, settings.pollInterval())
                                    .map(t -> Boolean.TRUE),
                                kicks.asFlux())
                            .onBackpressureDrop()
                            .concatMap(t -> claimAll(), 1)))
            .subscribe();
  }

  /** Takes replays while there are some and room for them; emits how many it took. */
  private Mono<Integer> claimAll() {
    Mono<Integer> one =
        Mono.defer(
            () ->
                active.size() >= settings.concurrency()
                    ? Mono.just(0)
                    : store
                        .claim(owner, settings.lease(), Set.copyOf(active))
                        .map(
                            job -> {
                              begin(job);
                              return 1;
                            })
                        .defaultIfEmpty(0));
    return one.expand(n -> n == 1 ? one : Mono.empty()).reduce(0, Integer::sum);
  }

  private void begin(ReplayStore.Job job) {
    active.add(job.id());
    Mono<Void> leaseLost =
        Flux.interval(settings.lease().dividedBy(3))
            .onBackpressureDrop()
            .concatMap(t -> store.renew(job.id(), owner, settings.lease()))
            .filter(kept -> !kept)
            .next()
            .doOnNext(t -> log.info("replay {} was taken over by another instance", job.id()))
            .then();
    jobs.add(
        run(job)
            .takeUntilOther(leaseLost)
            .onErrorResume(e -> failedStep(job, e))
            .doFinally(signal -> active.remove(job.id()))
            .subscribe());
  }

  private Mono<Void> failedStep(ReplayStore.Job job, Throwable e) {
    String reason = FailureReason.of(e);
    log.warn("replay {} stopped ({}); it goes on from its last batch", job.id(), reason);
    return store.backOff(job.id(), owner, BACKOFF, reason).onErrorResume(x -> Mono.empty()).then();
  }

  private Mono<Void> run(ReplayStore.Job job) {
    Mono<Positions> start = job.positions() != null ? Mono.just(job.positions()) : fixBackfill(job);
    return start.flatMap(
        positions ->
            Mono.just(positions).expand(at -> at == null ? Mono.empty() : step(job, at)).then());
  }

  /**
   * Waits for the backfill's seam, then fixes and counts its range. Live routing of the endpoint
   * starts once its configuration reached routing; the range ends where the topic ended {@code
   * backfill-seam} after the configuration reached Kafka, so it covers at least that far.
   */
  private Mono<Positions> fixBackfill(ReplayStore.Job job) {
    Mono<Boolean> relayed =
        Flux.interval(Duration.ZERO, Duration.ofMillis(500))
            .onBackpressureDrop()
            .concatMap(t -> store.relayed(job.configSeq()))
            .filter(done -> done)
            .next();
    Mono<Instant> seam =
        job.seamAt() != null
            ? Mono.just(job.seamAt())
            : relayed.then(store.seam(job.id(), owner, settings.backfillSeam()));
    return seam.flatMap(
            at -> Mono.delay(positive(Duration.between(Instant.now(), at))).thenReturn(at))
        .then(endpoint(job))
        .flatMap(
            endpoint ->
                blocking(
                    () -> {
                      Positions positions = events.range(job.since(), null);
                      long found = events.count(positions, selection(job, endpoint));
                      return new Fixed(positions, found);
                    }))
        .flatMap(
            fixed ->
                store
                    .fix(job.id(), owner, settings.lease(), fixed.positions(), fixed.found())
                    .thenReturn(fixed.positions()));
  }

  private record Fixed(Positions positions, long found) {}

  /** One batch: read, send, record, then wait until dispatch took it up. Empty when done. */
  private Mono<Positions> step(ReplayStore.Job job, Positions at) {
    Integer partition = at.pending();
    if (partition == null) {
      return store.finish(job.id(), owner, ReplayStore.DONE, null).then(Mono.empty());
    }
    return endpoint(job)
        .flatMap(
            endpoint ->
                blocking(
                    () ->
                        events.read(
                            partition,
                            at.partitions().get(partition),
                            selection(job, endpoint),
                            settings.batchFor(endpoint.rateLimitPerMinute()))))
        .flatMap(
            read -> {
              Positions next = at.advanced(partition, read.next());
              int n = read.deliveries().size();
              Mono<Void> sent =
                  n == 0
                      ? saved(job, next, 0)
                      : lane.write(read.deliveries())
                          .flatMap(
                              written ->
                                  saved(job, next, n)
                                      .then(lane.taken(written, settings.batchWait())));
              return sent.thenReturn(next);
            });
  }

  /** Records a batch; fails when another instance took the replay over meanwhile. */
  private Mono<Void> saved(ReplayStore.Job job, Positions next, int n) {
    return store
        .progress(job.id(), owner, settings.lease(), next, n)
        .filter(kept -> kept)
        .switchIfEmpty(
            Mono.error(() -> new IllegalStateException("another instance runs this replay now")))
        .then();
  }

  /** The endpoint now; a replay of a deleted or disabled endpoint fails with the reason. */
  private Mono<EndpointConfig> endpoint(ReplayStore.Job job) {
    return store
        .endpoint(job.tenant(), job.endpoint())
        .switchIfEmpty(fail(job, "the endpoint was deleted"))
        .flatMap(
            endpoint ->
                endpoint.disabled() ? fail(job, "the endpoint is disabled") : Mono.just(endpoint));
  }

  private Mono<EndpointConfig> fail(ReplayStore.Job job, String reason) {
    return Mono.defer(
        () -> {
          log.info("replay {} of {} failed: {}", job.id(), job.endpoint(), reason);
          return store.finish(job.id(), owner, ReplayStore.FAILED, reason).then(Mono.empty());
        });
  }

  private static EventLog.Selection selection(ReplayStore.Job job, EndpointConfig endpoint) {
    return new EventLog.Selection(endpoint, job.eventTypes(), job.since(), job.until());
  }

  /**
   * Runs {@code work} where blocking is allowed. Cancelling (a lost lease, shutdown) lets it finish
   * rather than interrupting it: an interrupted Kafka consumer cannot close cleanly.
   */
  private static <T> Mono<T> blocking(Supplier<T> work) {
    return Mono.fromFuture(
        () ->
            CompletableFuture.supplyAsync(work, task -> Schedulers.boundedElastic().schedule(task)),
        true);
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  @Override
  public List<Loop> loops() {
    return List.of(loop);
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  /** Stops the replays here and gives up their leases, so the next start resumes them at once. */
  @Override
  public void stop(Runnable callback) {
    loop.stop();
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    jobs.dispose();
    store
        .release(owner)
        .timeout(Duration.ofSeconds(5))
        .doOnError(
            e -> log.info("replays keep their leases until they run out ({})", FailureReason.of(e)))
        .onErrorResume(e -> Mono.empty())
        .doFinally(signal -> callback.run())
        .subscribe();
  }

  @Override
  public boolean isRunning() {
    return running != null && !running.isDisposed();
  }
}
