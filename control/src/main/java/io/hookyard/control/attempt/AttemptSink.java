package io.hookyard.control.attempt;

import io.hookyard.control.health.EndpointHealth;
import io.hookyard.schemas.delivery.Attempt;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Writes attempt records into the attempt log in batches, then lets {@link EndpointHealth} apply
 * them (failure runs, auto-disable). Inserts are idempotent (a record read twice after a crash is
 * stored once) and offsets are committed only after the insert, so a PostgreSQL outage delays the
 * log but loses nothing: the sink retries and resumes.
 */
final class AttemptSink implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AttemptSink.class);

  private final AttemptFeed feed;
  private final DatabaseClient db;
  private final EndpointHealth health;
  private volatile Disposable running;

  AttemptSink(AttemptFeed feed, DatabaseClient db, EndpointHealth health) {
    this.feed = feed;
    this.db = db;
    this.health = health;
  }

  @Override
  public void start() {
    running =
        feed.batches(500, Duration.ofMillis(200))
            .concatMap(
                batch ->
                    store(batch.attempts()).then(health.apply(batch.attempts())).then(batch.done()))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30))
                    .doBeforeRetry(
                        s ->
                            log.warn(
                                "attempt sink paused: {}", s.failure().getClass().getSimpleName())))
            .subscribe();
  }

  private Mono<Void> store(List<Attempt> attempts) {
    return AttemptRows.insert(db, attempts)
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                .maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(
                    s ->
                        log.warn(
                            "attempt log unavailable, retrying: {}",
                            s.failure().getClass().getSimpleName())));
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
