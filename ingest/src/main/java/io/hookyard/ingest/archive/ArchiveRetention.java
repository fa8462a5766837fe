package io.hookyard.ingest.archive;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes archived raw payloads older than the retention age, in batches of {@code batch-size}
 * blobs, one round every {@code interval}. A round that fails is logged and the next one tries
 * again; nothing here touches the path that accepts webhooks.
 */
final class ArchiveRetention implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRetention.class);

  private final BlobStore blobs;
  private final ArchiveRetentionSettings settings;
  private final Clock clock;
  private volatile Disposable loop;

  ArchiveRetention(BlobStore blobs, ArchiveRetentionSettings settings, Clock clock) {
    this.blobs = blobs;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void start() {
    loop =
        Flux.interval(settings.interval(), settings.interval())
            .onBackpressureDrop()
            .concatMap(t -> purge().onErrorResume(this::logged), 1)
            .subscribe();
  }

  /** One round: deletes everything older than the retention age; emits how many blobs went. */
  Mono<Long> purge() {
    return Mono.defer(
            () ->
                blobs
                    .deleteOlderThan(
                        clock.instant().minus(settings.archive()), settings.batchSize())
                    .reduce(0L, (sum, n) -> sum + n))
        .doOnNext(
            total -> {
              if (total > 0) {
                log.info(
                    "retention: deleted {} archived payloads older than {}",
                    total,
                    settings.archive());
              }
            });
  }

  private Mono<Long> logged(Throwable e) {
    log.warn(
        "retention: archive purge failed, next round retries: {}", e.getClass().getSimpleName());
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
