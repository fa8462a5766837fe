package io.hookyard.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code hookyard_syncs_failing}: syncs failing now (five failed runs in a row, until one
 * succeeds), across all tenants, as the operator's integration health counts them. Read from
 * PostgreSQL every {@code interval} in the background, never on a scrape; -1 until first read.
 */
final class FailingSyncs implements MeterBinder, AutoCloseable {
  private final DatabaseClient db;
  private final Duration interval;
  private final AtomicLong failing = new AtomicLong(-1);
  private Disposable polling;

  FailingSyncs(DatabaseClient db, Duration interval) {
    this.db = db;
    this.interval = interval;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hookyard.syncs.failing", failing, AtomicLong::get)
        .description("Syncs failing now (five failed runs in a row), all tenants")
        .register(registry);
    polling =
        Flux.interval(Duration.ZERO, interval)
            .concatMap(
                tick ->
                    db.sql("select count(*) from syncs where failing_since is not null")
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .onErrorResume(e -> reactor.core.publisher.Mono.empty()))
            .subscribe(failing::set);
  }

  @Override
  public void close() {
    if (polling != null) {
      polling.dispose();
    }
  }
}
