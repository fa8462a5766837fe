package io.hookyard.ingest.sync;

import java.util.concurrent.atomic.AtomicLong;

/** What one run did, for its run record, and the engine's meters. */
final class RunCounters {
  private final AtomicLong requests = new AtomicLong();
  private final SyncMetrics metrics;

  RunCounters(SyncMetrics metrics) {
    this.metrics = metrics;
  }

  void request(String vendor) {
    requests.incrementAndGet();
    metrics.request(vendor);
  }

  void throttled(String vendor) {
    metrics.throttled(vendor);
  }

  /** Requests made since the last call, so each page's position carries its share. */
  long takeRequests() {
    return requests.getAndSet(0);
  }
}
