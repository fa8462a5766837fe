package io.hookyard.control.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A replay as the API shows it. {@code events} (in the answer to its start, the contract's name)
 * and {@code found} are the events of the range the endpoint gets; a backfill's are null until its
 * range is fixed, at its seam. {@code sent} counts those put on the delivery path so far; {@code
 * status} is {@code running}, {@code done} or {@code failed} (with the reason in {@code error}).
 * {@code retention} is how long {@code hookyard.events} keeps events, and {@code
 * earliest_available} the earliest publish time a replay can start from now.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ReplayView(
    String id,
    String endpointId,
    String kind,
    String status,
    Long events,
    Long found,
    long sent,
    Instant since,
    Instant until,
    List<String> eventTypes,
    String error,
    String retention,
    Instant earliestAvailable,
    Instant createdAt,
    Instant finishedAt) {

  static ReplayView of(ReplayStore.Job job, EventLog.Window window) {
    return new ReplayView(
        job.id(),
        job.endpoint().value(),
        job.kind(),
        job.status(),
        job.found(),
        job.found(),
        job.sent(),
        job.since(),
        job.until(),
        job.eventTypes(),
        job.error(),
        window.retentionText(),
        window.earliestAvailable(),
        job.createdAt(),
        job.finishedAt());
  }
}
