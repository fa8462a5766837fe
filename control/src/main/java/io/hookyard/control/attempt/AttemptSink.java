package io.hookyard.control.attempt;

import io.hookyard.control.health.EndpointHealth;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Writes attempt records into the attempt log in batches, then lets {@link EndpointHealth} apply
 * them (failure runs, auto-disable). Inserts are idempotent (a record read twice after a crash is
 * stored once) and offsets are committed only after the insert, so a PostgreSQL outage delays the
 * log but loses nothing: the sink is a supervised {@link Loop} ({@code attemptSink} in health),
 * DOWN with the reason while it cannot store, and restarted with backoff from its last commit.
 */
final class AttemptSink implements SmartLifecycle, Supervised {
  private final AttemptFeed feed;
  private final DatabaseClient db;
  private final EndpointHealth health;
  private final Loop loop;
  private volatile Disposable running;

  AttemptSink(AttemptFeed feed, DatabaseClient db, EndpointHealth health) {
    this(feed, db, health, new Loop("attemptSink", Duration.ofSeconds(1), Duration.ofSeconds(30)));
  }

  AttemptSink(AttemptFeed feed, DatabaseClient db, EndpointHealth health, Loop loop) {
    this.feed = feed;
    this.db = db;
    this.health = health;
    this.loop = loop;
  }

  @Override
  public void start() {
    running =
        loop.supervise(
                Flux.defer(() -> feed.batches(500, Duration.ofMillis(200)))
                    .concatMap(
                        batch ->
                            AttemptRows.insert(db, batch.attempts())
                                .then(health.apply(batch.attempts()))
                                .then(batch.done())
                                .thenReturn(batch.attempts().size())))
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
