package io.hookyard.control.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes attempts and sync runs older than the retention age in small batches, each its own short
 * statement on the {@code created_at} index, until none is left; then waits for the next round.
 * Svix and Hook0 users saw hour-long cleanup queries and deadlocks from one big delete; a batch
 * here locks at most {@code batch-size} rows for milliseconds, and {@code skip locked} lets two
 * control instances purge side by side.
 */
final class AttemptRetention implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AttemptRetention.class);

  /**
   * The logs kept for {@code hookyard.retention.attempts}, each with its row key and the indexed
   * column of its age; the charts' per-minute rollup of the attempts goes with them.
   */
  private static final List<Log> TABLES =
      List.of(
          new Log("attempts", "id", "created_at"),
          new Log("sync_runs", "id", "created_at"),
          new Log("attempt_minutes", "ctid", "minute"));

  private record Log(String table, String key, String age) {}

  private final DatabaseClient db;
  private final RetentionSettings settings;
  private volatile Disposable loop;

  AttemptRetention(DatabaseClient db, RetentionSettings settings) {
    this.db = db;
    this.settings = settings;
  }

  @Override
  public void start() {
    loop =
        Flux.interval(settings.interval(), settings.interval())
            .onBackpressureDrop()
            .concatMap(t -> purge().onErrorResume(this::logged), 1)
            .subscribe();
  }

  /** Deletes everything older than the retention age; emits how many rows went. */
  Mono<Long> purge() {
    OffsetDateTime cutoff =
        OffsetDateTime.ofInstant(Instant.now().minus(settings.attempts()), ZoneOffset.UTC);
    return Flux.fromIterable(TABLES).concatMap(table -> purge(table, cutoff)).reduce(0L, Long::sum);
  }

  private Mono<Long> purge(Log kept, OffsetDateTime cutoff) {
    String table = kept.table();
    Mono<Long> batch =
        db.sql(
                "delete from "
                    + table
                    + " where "
                    + kept.key()
                    + " in (select "
                    + kept.key()
                    + " from "
                    + table
                    + " where "
                    + kept.age()
                    + " < :cutoff order by "
                    + kept.age()
                    + " limit :n for update skip locked)")
            .bind("cutoff", cutoff)
            .bind("n", settings.batchSize())
            .fetch()
            .rowsUpdated();
    return batch
        .expand(n -> n == settings.batchSize() ? batch : Mono.empty())
        .reduce(0L, Long::sum)
        .doOnNext(
            total -> {
              if (total > 0) {
                log.info(
                    "retention: deleted {} {} rows older than {}",
                    total,
                    table,
                    settings.attempts());
              }
            });
  }

  private Mono<Long> logged(Throwable e) {
    log.warn("retention: purge failed, next round retries: {}", e.getClass().getSimpleName());
    return Mono.just(0L);
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }
}
