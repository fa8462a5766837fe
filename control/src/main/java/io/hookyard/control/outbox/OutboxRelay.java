package io.hookyard.control.outbox;

import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import io.hookyard.schemas.view.ConfigView;
import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Moves outbox rows to {@code hookyard.config}, oldest first. Each drain locks the rows it sends
 * ({@code for update}), so two control instances never publish the same change out of order, and
 * deletes them only after Kafka acknowledged. Runs on a short interval and at once when {@link
 * #kick()}ed after a write.
 *
 * <p>The relay is a supervised {@link Loop} ({@code outboxRelay} in health): a drain that fails
 * (PostgreSQL or Kafka away) marks it DOWN with the reason, and it starts again after a short
 * backoff; the rows stay in the outbox until a drain publishes them.
 */
public final class OutboxRelay implements SmartLifecycle, Supervised {
  private static final int BATCH = 500;

  /**
   * The relay drains at once when this process writes a change ({@link #kick}); the sweep catches
   * what nothing kicked for (another instance's rows whose relay is down, a drain cut short). At
   * 0.5 s it was two database transactions a second on an idle instance.
   */
  private static final Duration SWEEP = Duration.ofSeconds(2);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final ConfigPublisher publisher;
  private final ConfigView view;
  private final Sinks.Many<Boolean> kicks = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<Long> progress = Sinks.many().replay().latest();
  private final AtomicLong published = new AtomicLong();
  private final Loop loop = new Loop("outboxRelay", Duration.ofMillis(500), Duration.ofSeconds(10));
  private volatile Disposable running;

  public OutboxRelay(
      DatabaseClient db, TransactionalOperator tx, ConfigPublisher publisher, ConfigView view) {
    this.db = db;
    this.tx = tx;
    this.publisher = publisher;
    this.view = view;
  }

  /** Asks for a drain now rather than at the next tick. */
  public void kick() {
    kicks.tryEmitNext(Boolean.TRUE);
  }

  /**
   * Completes once the change with {@code seq} reached Kafka, or after {@code timeout}: the change
   * is committed either way and will be published when Kafka is back.
   */
  public Mono<Void> awaitPublished(long seq, Duration timeout) {
    kick();
    return progress.asFlux().filter(s -> s >= seq).next().timeout(timeout, Mono.empty()).then();
  }

  /**
   * Like {@link #awaitPublished}, then also waits until this process's config view has read the
   * change: after a revocation, for example, the revoked key must fail on the very next request.
   */
  public Mono<Void> awaitVisible(long seq, Duration timeout) {
    return awaitPublished(seq, timeout)
        .then(Mono.fromFuture(() -> view.catchUp(timeout)))
        .onErrorResume(e -> Mono.empty());
  }

  @Override
  public void start() {
    progress.tryEmitNext(0L);
    running =
        loop.supervise(
                Flux.defer(
                    () ->
                        Flux.merge(Flux.interval(SWEEP).map(t -> Boolean.TRUE), kicks.asFlux())
                            .onBackpressureDrop()
                            .concatMap(t -> drain(), 1)))
            .subscribe();
  }

  @Override
  public List<Loop> loops() {
    return List.of(loop);
  }

  private Mono<Integer> drain() {
    Mono<Integer> once =
        db.sql("select seq, record_key, record from config_outbox order by seq limit :n for update")
            .bind("n", BATCH)
            .map(
                row ->
                    new OutboxRow(
                        row.get("seq", Long.class),
                        row.get("record_key", String.class),
                        text(row.get("record", Json.class))))
            .all()
            .collectList()
            .flatMap(this::send)
            .as(tx::transactional);
    return once.expand(n -> n == BATCH ? once : Mono.empty()).last(0);
  }

  private Mono<Integer> send(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Mono.just(0);
    }
    long last = rows.get(rows.size() - 1).seq();
    return publisher
        .publish(rows)
        .then(db.sql("delete from config_outbox where seq <= :last").bind("last", last).then())
        .doOnSuccess(
            v -> {
              published.accumulateAndGet(last, Math::max);
              progress.tryEmitNext(published.get());
            })
        .thenReturn(rows.size());
  }

  private static String text(Json json) {
    return json == null ? null : json.asString();
  }

  @Override
  public void stop() {
    loop.stop();
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    publisher.close();
  }

  @Override
  public boolean isRunning() {
    return running != null && !running.isDisposed();
  }
}
