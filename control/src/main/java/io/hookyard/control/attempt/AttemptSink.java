package io.hookyard.control.attempt;

import io.hookyard.control.health.EndpointHealth;
import io.hookyard.schemas.delivery.Attempt;
import java.time.Duration;
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
    return Flux.fromIterable(attempts)
        .concatMap(this::insert)
        .then()
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                .maxBackoff(Duration.ofSeconds(30))
                .doBeforeRetry(
                    s ->
                        log.warn(
                            "attempt log unavailable, retrying: {}",
                            s.failure().getClass().getSimpleName())));
  }

  private Mono<Void> insert(Attempt a) {
    var spec =
        db.sql(
                "insert into attempts (id, tenant_id, endpoint_id, webhook_id, event_id, event_type,"
                    + " attempt, succeeded, status_code, response_time_ms, response_body, error, created_at,"
                    + " next_attempt_at) values (:id, :tenant, :endpoint, :webhook, :event, :type,"
                    + " :attempt, :ok, :status, :ms, :body, :error, :at, :next)"
                    + " on conflict (id) do nothing")
            .bind("id", a.id())
            .bind("tenant", a.tenantId().value())
            .bind("endpoint", a.endpointId().value())
            .bind("webhook", a.webhookId().value())
            .bind("event", a.eventId().value())
            .bind("type", a.eventType())
            .bind("attempt", a.attempt())
            .bind("ok", a.succeeded())
            .bind("ms", a.responseTimeMs())
            .bind("at", OffsetDateTime.ofInstant(a.createdAt(), ZoneOffset.UTC));
    spec =
        a.statusCode() == null
            ? spec.bindNull("status", Integer.class)
            : spec.bind("status", a.statusCode());
    spec =
        a.responseBody() == null
            ? spec.bindNull("body", String.class)
            : spec.bind("body", a.responseBody());
    spec = a.error() == null ? spec.bindNull("error", String.class) : spec.bind("error", a.error());
    spec =
        a.nextAttemptAt() == null
            ? spec.bindNull("next", OffsetDateTime.class)
            : spec.bind("next", OffsetDateTime.ofInstant(a.nextAttemptAt(), ZoneOffset.UTC));
    return spec.then();
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
