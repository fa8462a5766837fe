package io.hookyard.control.deadletter;

import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Writes dead letters into PostgreSQL in batches. Inserts are idempotent (a record read twice after
 * a crash is stored once) and offsets are committed only after the insert, so an outage delays the
 * list but loses nothing: the sink is a supervised {@link Loop} ({@code deadLetterSink} in health),
 * DOWN with the reason while it cannot store, and restarted with backoff from its last commit.
 */
final class DeadLetterSink implements SmartLifecycle, Supervised {
  private final DeadLetterFeed feed;
  private final DeadLetterStore store;
  private final Loop loop =
      new Loop("deadLetterSink", Duration.ofSeconds(1), Duration.ofSeconds(30));
  private volatile Disposable running;

  DeadLetterSink(DeadLetterFeed feed, DeadLetterStore store) {
    this.feed = feed;
    this.store = store;
  }

  @Override
  public void start() {
    running =
        loop.supervise(
                Flux.defer(() -> feed.batches(500, Duration.ofMillis(200)))
                    .concatMap(
                        batch ->
                            Flux.fromIterable(batch.deadLetters())
                                .concatMap(store::insert)
                                .then(batch.done())
                                .thenReturn(batch.deadLetters().size())))
            .subscribe();
  }

  @Override
  public List<Loop> loops() {
    return List.of(loop);
  }

  @Override
  public void stop() {
    loop.stop();
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
