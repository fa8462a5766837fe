package io.hookyard.schemas.sync;

import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of a sync as ingest reports it on {@code hookyard.syncs.runs} (key sync id): once when it
 * starts ({@code running}) and once when it ends. Control keeps the latest record per run id in the
 * run log and the sync's status columns.
 *
 * @param id {@code run_…}, the same for the start and end records of one run
 * @param kind {@code initial}, {@code incremental} or {@code full_resync}
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param records changes reported by this run
 * @param requests vendor API calls this run made
 * @param error what went wrong, in our words (never the vendor's answer or a token), or null
 * @param syncStatus the sync's status after this record: {@code running}, {@code scheduled}, {@code
 *     failing} or {@code authorization_required}
 * @param nextRunAt when the next run is due, or null while this one is under way
 */
public record SyncRun(
    String id,
    SyncId syncId,
    TenantId tenantId,
    ConnectionId connectionId,
    String kind,
    String status,
    Instant startedAt,
    Instant finishedAt,
    long records,
    long requests,
    String error,
    String syncStatus,
    Instant nextRunAt) {

  public static final String PREFIX = "run";
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public SyncRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(syncStatus, "syncStatus");
  }
}
