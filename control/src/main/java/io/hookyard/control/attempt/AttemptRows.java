package io.hookyard.control.attempt;

import io.hookyard.schemas.delivery.Attempt;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Stores a batch of attempt records with one statement: every column travels as one array and
 * {@code unnest} turns them back into rows, so a batch of 500 is one round trip and one statement
 * for PostgreSQL instead of 500. A record stored before (read twice after a crash) is skipped.
 * Arrays go as text and are cast on the server, which keeps nulls and timestamps exact without
 * depending on the driver's array codecs per type.
 *
 * <p>The same statement adds the inserted attempts to the per-minute rollup the charts read ({@code
 * attempt_minutes}, V104): only the rows the insert returns, i.e. the ones not stored before, so a
 * batch redelivered after a crash is counted once, and the log and the rollup commit together. Rows
 * are upserted in key order, so two sinks touching the same minutes do not deadlock.
 */
final class AttemptRows {
  private static final String INSERT =
      """
      with inserted as (
        insert into attempts (id, tenant_id, endpoint_id, webhook_id, event_id, event_type,
          attempt, succeeded, status_code, response_time_ms, response_body, error, created_at,
          next_attempt_at, vendor_object_id)
        select * from unnest(:id::text[], :tenant::text[], :endpoint::text[], :webhook::text[],
          :event::text[], :type::text[], :attempt::text[]::integer[], :ok::text[]::boolean[],
          :status::text[]::integer[], :ms::text[]::bigint[], :body::text[], :error::text[],
          :at::text[]::timestamptz[], :next::text[]::timestamptz[],
          :object::text[])
        on conflict (id) do nothing
        returning tenant_id, endpoint_id, created_at, succeeded, response_time_ms
      ), per_bucket as (
        select tenant_id, endpoint_id,
          date_bin(interval '1 minute', created_at, timestamptz '2000-01-01 00:00:00+00') as minute,
          hookyard_latency_bucket(response_time_ms) as bucket,
          count(*) filter (where succeeded) as ok, count(*) filter (where not succeeded) as bad
        from inserted
        group by 1, 2, 3, 4
      )
      insert into attempt_minutes (tenant_id, endpoint_id, minute, succeeded, failed, latency)
      select tenant_id, endpoint_id, minute, sum(ok), sum(bad),
        hookyard_histogram(array_agg(bucket), array_agg(ok + bad))
      from per_bucket
      group by tenant_id, endpoint_id, minute
      order by tenant_id, endpoint_id, minute
      on conflict (tenant_id, endpoint_id, minute) do update set
        succeeded = attempt_minutes.succeeded + excluded.succeeded,
        failed = attempt_minutes.failed + excluded.failed,
        latency = hookyard_histogram_add(attempt_minutes.latency, excluded.latency)
      """;

  private AttemptRows() {}

  static Mono<Void> insert(DatabaseClient db, List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(INSERT)
        .bind("id", column(attempts, Attempt::id))
        .bind("tenant", column(attempts, a -> a.tenantId().value()))
        .bind("endpoint", column(attempts, a -> a.endpointId().value()))
        .bind("webhook", column(attempts, a -> a.webhookId().value()))
        .bind("event", column(attempts, a -> a.eventId().value()))
        .bind("type", column(attempts, Attempt::eventType))
        .bind("attempt", column(attempts, a -> Integer.toString(a.attempt())))
        .bind("ok", column(attempts, a -> Boolean.toString(a.succeeded())))
        .bind("status", column(attempts, a -> text(a.statusCode())))
        .bind("ms", column(attempts, a -> Long.toString(a.responseTimeMs())))
        .bind("body", column(attempts, Attempt::responseBody))
        .bind("error", column(attempts, Attempt::error))
        .bind("at", column(attempts, a -> a.createdAt().toString()))
        .bind("next", column(attempts, a -> text(a.nextAttemptAt())))
        .bind("object", column(attempts, Attempt::vendorObjectId))
        .then();
  }

  private static String[] column(List<Attempt> attempts, Function<Attempt, String> value) {
    String[] column = new String[attempts.size()];
    for (int i = 0; i < column.length; i++) {
      column[i] = value.apply(attempts.get(i));
    }
    return column;
  }

  private static String text(Integer value) {
    return value == null ? null : value.toString();
  }

  private static String text(Instant value) {
    return value == null ? null : value.toString();
  }
}
