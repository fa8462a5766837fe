package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.Poller;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.sync.SyncPosition;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Instant;

/**
 * What the next run of a sync does, from its committed position.
 *
 * <ul>
 *   <li>A run the process died in is continued as the same run, from its last committed page.
 *   <li>A run that failed is tried again as a new run from where it got to (from its start after
 *       two failures in a row, in case where it got to is what fails).
 *   <li>A sync without a position lists everything since {@code since} ({@code initial}); without
 *       {@code since} it starts at its creation time where the vendor can (a timestamp watermark),
 *       and otherwise lists everything once without reporting it ({@code baseline}) to obtain a
 *       delta link.
 *   <li>A full resync is due every {@code full_resync} after the last one; otherwise the run is
 *       {@code incremental}.
 * </ul>
 */
record RunPlan(SyncPosition.Run run, String cursor, long generation, boolean fresh) {
  static final String INITIAL = "initial";
  static final String BASELINE = "baseline";
  static final String INCREMENTAL = "incremental";
  static final String FULL_RESYNC = "full_resync";

  static RunPlan of(SyncConfig sync, SyncPosition pos, Poller poller, Instant now) {
    SyncPosition.Run run = pos.run();
    if (run != null) {
      boolean crashed = pos.lastRunAt() == null || pos.lastRunAt().isBefore(run.startedAt());
      if (crashed) {
        return new RunPlan(run, pos.cursor(), pos.generation(), false);
      }
      String page = pos.consecutiveFailures() >= 2 ? null : run.pageCursor();
      return new RunPlan(
          new SyncPosition.Run(newId(), run.kind(), now, page, 0, 0),
          pos.cursor(),
          pos.generation(),
          true);
    }
    String cursor = pos.cursor();
    String kind;
    if (cursor == null && sync.since() != null) {
      kind = INITIAL;
    } else if (cursor == null) {
      cursor = poller.cursorAt(sync.createdAt()).orElse(null);
      kind = cursor == null ? BASELINE : INCREMENTAL;
    } else if (sync.fullResync() != null
        && !now.isBefore(
            (pos.lastFullResyncAt() == null ? sync.createdAt() : pos.lastFullResyncAt())
                .plus(sync.fullResync()))) {
      kind = FULL_RESYNC;
    } else {
      kind = INCREMENTAL;
    }
    long generation = listsAll(kind) ? pos.generation() + 1 : pos.generation();
    return new RunPlan(
        new SyncPosition.Run(newId(), kind, now, null, 0, 0), cursor, generation, true);
  }

  static boolean listsAll(String kind) {
    return !kind.equals(INCREMENTAL);
  }

  /** The kind the run log shows: a baseline is the sync's first run, so {@code initial}. */
  static String shown(String kind) {
    return kind.equals(BASELINE) ? INITIAL : kind;
  }

  private static String newId() {
    return Ids.next(SyncRun.PREFIX);
  }

  /** Whether a sync is due to run now, given its committed position. */
  static boolean due(SyncConfig sync, SyncPosition pos, Instant now) {
    if (pos.run() != null
        && (pos.lastRunAt() == null || pos.lastRunAt().isBefore(pos.run().startedAt()))) {
      return true; // the process died during this run: continue it
    }
    if (sync.runRequested() != null
        && (pos.servedRunRequest() == null
            || sync.runRequested().isAfter(pos.servedRunRequest()))) {
      return true;
    }
    return pos.lastRunAt() == null || !now.isBefore(pos.lastRunAt().plus(sync.interval()));
  }
}
