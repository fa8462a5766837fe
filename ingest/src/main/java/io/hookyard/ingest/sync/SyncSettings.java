package io.hookyard.ingest.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sync engine, under {@code hookyard.syncs}.
 *
 * @param enabled whether this ingest instance runs syncs at all
 * @param maxConcurrentRuns runs under way at once in this instance
 * @param retries how often a vendor call that failed with a 5xx or a timeout is tried again within
 *     a run, with backoff from 1 s
 * @param failingAfter failed runs in a row that set a sync {@code failing}
 * @param sessionTimeout how long an instance may go silent before its syncs move to another
 * @param throttleWait the wait after a 429 that names no {@code Retry-After}
 */
@ConfigurationProperties("hookyard.syncs")
record SyncSettings(
    Boolean enabled,
    Integer maxConcurrentRuns,
    Integer retries,
    Integer failingAfter,
    Duration sessionTimeout,
    Duration throttleWait) {

  SyncSettings {
    enabled = enabled == null || enabled;
    maxConcurrentRuns = positive(maxConcurrentRuns, 8, "max-concurrent-runs");
    retries = retries == null ? 3 : retries;
    failingAfter = positive(failingAfter, 5, "failing-after");
    sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(10) : sessionTimeout;
    throttleWait = throttleWait == null ? Duration.ofSeconds(10) : throttleWait;
    if (retries < 0) {
      throw new IllegalArgumentException("hookyard.syncs.retries must not be negative");
    }
  }

  private static int positive(Integer value, int fallback, String name) {
    int v = value == null ? fallback : value;
    if (v < 1) {
      throw new IllegalArgumentException("hookyard.syncs." + name + " must be positive");
    }
    return v;
  }
}
