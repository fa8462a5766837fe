package io.hookyard.control.deadletter;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Writes dead letters into PostgreSQL in batches. Inserts are idempotent (a record read twice after
 * a crash is stored once) and offsets are committed only after the insert, so an outage delays the
 * list but loses nothing.
 */
final class DeadLetterSink implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterSink.class);

  private final DeadLetterFeed feed;
  private final DeadLetterStore store;
  private volatile Disposable running;

  DeadLetterSink(DeadLetterFeed feed, DeadLetterStore store) {
    this.feed = feed;
    this.store = store;
  }

  @Override
  public void start() {
    running =
        feed.batches(500, Duration.ofMillis(200))
            .concatMap(
                batch ->
                    Flux.fromIterable(batch.deadLetters())
                        .concatMap(store::insert)
                        .then(batch.done()))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                    .maxBackoff(Duration.ofSeconds(30))
                    .doBeforeRetry(
                        s ->
                            log.warn(
                                "dead-letter sink paused: {}",
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
