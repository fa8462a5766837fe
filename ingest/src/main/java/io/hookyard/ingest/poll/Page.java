package io.hookyard.ingest.poll;

import java.time.Instant;
import java.util.List;

/**
 * One page of changes.
 *
 * @param nextPageCursor where the next page of this run starts; null when the run is complete
 * @param finalCursor with the last page: the position the next run starts from
 * @param positionTime the vendor time the position stands for, when known (lag metric)
 * @param expired the vendor no longer knows the cursor (a delta token past its lifetime: 410)
 */
public record Page(
    List<Change> changes,
    String nextPageCursor,
    String finalCursor,
    Instant positionTime,
    boolean expired) {

  public Page {
    changes = List.copyOf(changes);
  }

  public static Page last(List<Change> changes, String finalCursor, Instant positionTime) {
    return new Page(changes, null, finalCursor, positionTime, false);
  }

  public static Page more(List<Change> changes, String nextPageCursor) {
    return new Page(changes, nextPageCursor, null, null, false);
  }

  public static Page expiredCursor() {
    return new Page(List.of(), null, null, null, true);
  }

  public boolean complete() {
    return nextPageCursor == null;
  }
}
