package io.hookyard.schemas.sync;

import io.hookyard.schemas.id.SyncId;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a sync stands, on the compacted {@code hookyard.syncs.positions} (key sync id). Written in
 * the same Kafka transaction as the changes a page produced, so after a crash a sync resumes from
 * the last page whose changes were committed: nothing reported twice, nothing skipped.
 *
 * @param cursor the vendor position after the last finished run (delta link, watermark), opaque to
 *     the engine; null before the first run ended
 * @param run the run under way, or null between runs
 * @param lastRunAt when the last run ended (finished or failed)
 * @param lastFullResyncAt when the last full resync (or initial load) finished
 * @param positionTime the vendor time {@code cursor} stands for, for the lag metric; null if
 *     unknown
 * @param consecutiveFailures failed runs in a row
 * @param servedRunRequest the last {@code SyncConfig.runRequested} already run
 * @param generation the full resync generation; record versions written by an older one and not
 *     seen again in a full resync are deletions
 */
public record SyncPosition(
    SyncId syncId,
    String cursor,
    Run run,
    Instant lastRunAt,
    Instant lastFullResyncAt,
    Instant positionTime,
    int consecutiveFailures,
    Instant servedRunRequest,
    long generation) {

  public SyncPosition {
    Objects.requireNonNull(syncId, "syncId");
  }

  public static SyncPosition initial(SyncId id) {
    return new SyncPosition(id, null, null, null, null, null, 0, null, 0);
  }

  /**
   * A run under way: its id, kind, where its next page starts ({@code pageCursor}, opaque), and
   * what it has done so far.
   */
  public record Run(
      String id, String kind, Instant startedAt, String pageCursor, long records, long requests) {
    public Run {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }
}
