package io.hookyard.control.sync;

import io.hookyard.control.health.TenantEvents;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.sync.SyncRun;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies one run record to the run log and to its sync's state, in one transaction: the run row is
 * upserted by id (the start record inserts it, the end record completes it) and the sync takes the
 * engine's status, times and counters. A record already applied (read again after a crash) changes
 * nothing, so {@code records} and {@code errors} count each run once.
 *
 * <p>When a run turns the sync {@code failing} (the engine does after five failed runs in a row)
 * and it was not failing before (no {@code failing_since}: the status alone reads {@code running}
 * during every run), the tenant gets a {@code sync.failing} event, published before the transaction
 * commits; its id derives from the run, so a retry after a crash repeats the same id.
 */
final class SyncRunLog {
  static final String EVENT_TYPE = "sync.failing";
  private static final Logger log = LoggerFactory.getLogger(SyncRunLog.class);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final TenantEvents events;

  SyncRunLog(DatabaseClient db, TransactionalOperator tx, TenantEvents events) {
    this.db = db;
    this.tx = tx;
    this.events = events;
  }

  /** What the sync and this run looked like before the record. */
  private record Before(
      OffsetDateTime failingSince, String connectionId, String entity, String runStatus) {}

  Mono<Void> apply(SyncRun run) {
    return db.sql(
            "select s.failing_since, s.connection_id, s.entity, r.status as run_status from syncs s"
                + " left join sync_runs r on r.id = :run and r.sync_id = s.id"
                + " where s.id = :sync and s.tenant_id = :tenant for update of s")
        .bind("run", run.id())
        .bind("sync", run.syncId().value())
        .bind("tenant", run.tenantId().value())
        .map(
            row ->
                new Before(
                    row.get("failing_since", OffsetDateTime.class),
                    row.get("connection_id", String.class),
                    row.get("entity", String.class),
                    row.get("run_status", String.class)))
        .one()
        .filter(before -> isNew(before.runStatus(), run.status()))
        .flatMap(
            before -> store(run).then(updateSync(run, before)).flatMap(f -> tell(run, before, f)))
        .as(tx::transactional);
  }

  /** Whether a record moves the run on: a start before anything, an end before any end. */
  static boolean isNew(String stored, String incoming) {
    if (stored == null) {
      return true;
    }
    return SyncRun.RUNNING.equals(stored) && !SyncRun.RUNNING.equals(incoming);
  }

  /** Upserts the run row; its {@code created_at}, which retention goes by, is when it started. */
  private Mono<Void> store(SyncRun run) {
    var spec =
        db.sql(
                "insert into sync_runs (id, sync_id, tenant_id, kind, status, started_at,"
                    + " finished_at, records, requests, error, created_at) values (:id, :sync,"
                    + " :tenant, :kind, :status, :started, :finished, :records, :requests, :error,"
                    + " :started)"
                    + " on conflict (id) do update set kind = excluded.kind,"
                    + " status = excluded.status, finished_at = excluded.finished_at,"
                    + " records = excluded.records, requests = excluded.requests,"
                    + " error = excluded.error")
            .bind("id", run.id())
            .bind("sync", run.syncId().value())
            .bind("tenant", run.tenantId().value())
            .bind("kind", run.kind())
            .bind("status", run.status())
            .bind("started", SyncStore.utc(run.startedAt()))
            .bind("records", run.records())
            .bind("requests", run.requests());
    spec = bindTime(spec, "finished", run.finishedAt());
    spec = bindText(spec, "error", run.error());
    return spec.then();
  }

  /** Updates the sync's state; emits its failures in a row after this record. */
  private Mono<Integer> updateSync(SyncRun run, Before before) {
    boolean ended = !SyncRun.RUNNING.equals(run.status());
    boolean failed = SyncRun.FAILED.equals(run.status());
    OffsetDateTime failingSince = before.failingSince();
    if (startsFailing(run, before)) {
      failingSince = SyncStore.utc(run.finishedAt() == null ? Instant.now() : run.finishedAt());
    } else if (ended
        && !SyncView.FAILING.equals(run.syncStatus())
        && !SyncView.AUTHORIZATION_REQUIRED.equals(run.syncStatus())) {
      failingSince = null;
    }
    var spec =
        db.sql(
                "update syncs set status = :status, last_run_at = :started, next_run_at = :next,"
                    + " records = records + :records, errors = errors + :failed,"
                    + " last_error = case when :failed > 0 then :error else last_error end,"
                    + " consecutive_failures = case when :failed > 0 then consecutive_failures + 1"
                    + " when :succeeded then 0 else consecutive_failures end,"
                    + " failing_since = :failing_since"
                    + " where id = :sync and tenant_id = :tenant returning consecutive_failures")
            .bind("status", run.syncStatus())
            .bind("started", SyncStore.utc(run.startedAt()))
            .bind("records", ended ? run.records() : 0L)
            .bind("failed", failed ? 1 : 0)
            .bind("succeeded", SyncRun.SUCCEEDED.equals(run.status()))
            .bind("sync", run.syncId().value())
            .bind("tenant", run.tenantId().value());
    spec = bindTime(spec, "next", run.nextRunAt());
    spec = bindText(spec, "error", run.error());
    spec =
        failingSince == null
            ? spec.bindNull("failing_since", OffsetDateTime.class)
            : spec.bind("failing_since", failingSince);
    return spec.map(row -> row.get("consecutive_failures", Integer.class)).one();
  }

  /**
   * Whether this record starts a failing spell: a run ended and left the sync failing, and it was
   * not failing before. Start records do not count: the status is {@code running} during any run.
   */
  private static boolean startsFailing(SyncRun run, Before before) {
    return !SyncRun.RUNNING.equals(run.status())
        && SyncView.FAILING.equals(run.syncStatus())
        && before.failingSince() == null;
  }

  private Mono<Void> tell(SyncRun run, Before before, int failures) {
    if (!startsFailing(run, before)) {
      return Mono.empty();
    }
    return events
        .publish(event(run, before, failures))
        .doOnSuccess(v -> log.info("sync {} failing after {} failed runs", run.syncId(), failures));
  }

  private static EventEnvelope event(SyncRun run, Before before, int failures) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("sync_id", run.syncId().value());
    data.put("connection_id", before.connectionId());
    data.put("entity", before.entity());
    data.put("consecutive_failures", failures);
    data.put("last_error", run.error());
    return new EventEnvelope(
        new EventId(Ids.derived(EventId.PREFIX, EVENT_TYPE, run.id())),
        run.tenantId(),
        EVENT_TYPE,
        run.syncId().value(),
        Instant.now(),
        Json.writeString(data).getBytes(StandardCharsets.UTF_8));
  }

  private static DatabaseClient.GenericExecuteSpec bindTime(
      DatabaseClient.GenericExecuteSpec spec, String name, Instant value) {
    return value == null
        ? spec.bindNull(name, OffsetDateTime.class)
        : spec.bind(name, SyncStore.utc(value));
  }

  private static DatabaseClient.GenericExecuteSpec bindText(
      DatabaseClient.GenericExecuteSpec spec, String name, String value) {
    return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
  }
}
