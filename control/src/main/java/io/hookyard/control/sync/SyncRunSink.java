package io.hookyard.control.sync;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Writes run records from {@code hookyard.syncs.runs} into the run log and the syncs' state, one
 * record at a time in partition order (a run is two records, so per-record transactions stay cheap
 * next to the vendor calls behind them). Offsets are committed only after a batch is applied and
 * {@link SyncRunLog} skips what it applied before, so a PostgreSQL outage delays the log but loses
 * and doubles nothing: the sink retries and resumes.
 */
final class SyncRunSink implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SyncRunSink.class);

  private final SyncRunFeed feed;
  private final SyncRunLog runs;
  private volatile Disposable running;

  SyncRunSink(SyncRunFeed feed, SyncRunLog runs) {
    this.feed = feed;
    this.runs = runs;
  }

  @Override
  public void start() {
    running =
        feed.batches(200, Duration.ofMillis(200))
            .concatMap(
                batch ->
                    Flux.fromIterable(batch.runs())
                        .concatMap(runs::apply)
                        .then()
                        .retryWhen(
                            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                                .maxBackoff(Duration.ofSeconds(30))
                                .doBeforeRetry(
                                    s ->
                                        log.warn(
                                            "sync run log unavailable, retrying: {}",
                                            s.failure().getClass().getSimpleName())))
                        .then(batch.done()))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30))
                    .doBeforeRetry(
                        s ->
                            log.warn(
                                "sync run sink paused: {}",
                                s.failure().getClass().getSimpleName())))
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running != null && !running.isDisposed();
  }
}
