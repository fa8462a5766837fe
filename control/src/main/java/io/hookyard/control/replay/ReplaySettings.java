package io.hookyard.control.replay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How replays and backfills run, under {@code hookyard.replay}. How far back they reach is {@code
 * hookyard.events.retention} (the retention of {@code hookyard.events}, 7 days by default).
 *
 * @param batchTime how much of the endpoint's rate one batch of replayed deliveries is: as many
 *     deliveries as the endpoint's {@code rate_limit_per_minute} allows in this time (at least 1,
 *     at most {@code maxBatch}), so a replay adds at most this long of waiting in front of a live
 *     delivery; default 5 s: dispatch holds that much of an endpoint's backlog before it parks the
 *     rest, and commits its progress, which lets the next batch go, every 5 s
 * @param maxBatch the most deliveries one batch holds; default 500
 * @param batchWait the longest a replay waits for dispatch to take up its last batch before it
 *     sends the next anyway: dispatch's committed offsets are per partition, and an ordered
 *     endpoint that keeps failing holds its partition's commits back; default 1 minute
 * @param backfillSeam how long after an endpoint's configuration reached {@code hookyard.config}
 *     its backfill takes the end of its range: live routing takes over from the events after that
 *     point, so this must exceed how long routing takes to see a configuration change (milliseconds
 *     while it runs; a restarting routing reads the configuration before any event); default 10 s
 * @param concurrency replays one instance runs at once; default 4
 * @param lease how long an instance owns a replay without a sign of life; another instance (or this
 *     one after a restart) resumes it from its recorded position after that; default 30 s
 * @param pollInterval how often an instance looks for replays to run; default 1 s
 */
@Validated
@ConfigurationProperties("hookyard.replay")
public record ReplaySettings(
    Duration batchTime,
    int maxBatch,
    Duration batchWait,
    Duration backfillSeam,
    int concurrency,
    Duration lease,
    Duration pollInterval) {

  public ReplaySettings {
    batchTime = positive(batchTime, Duration.ofSeconds(5), "batch-time");
    maxBatch = maxBatch == 0 ? 500 : maxBatch;
    batchWait = positive(batchWait, Duration.ofMinutes(1), "batch-wait");
    backfillSeam = positive(backfillSeam, Duration.ofSeconds(10), "backfill-seam");
    concurrency = concurrency == 0 ? 4 : concurrency;
    lease = positive(lease, Duration.ofSeconds(30), "lease");
    pollInterval = positive(pollInterval, Duration.ofSeconds(1), "poll-interval");
    if (maxBatch < 1 || maxBatch > 10_000 || concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "hookyard.replay.max-batch must be 1 to 10000 and hookyard.replay.concurrency 1 to 64");
    }
  }

  /** Deliveries per batch for an endpoint limited to {@code ratePerMinute}. */
  int batchFor(int ratePerMinute) {
    long n = (long) ratePerMinute * batchTime.toMillis() / 60_000;
    return (int) Math.max(1, Math.min(maxBatch, n));
  }

  private static Duration positive(Duration value, Duration otherwise, String name) {
    if (value == null) {
      return otherwise;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("hookyard.replay." + name + " must be positive");
    }
    return value;
  }
}
