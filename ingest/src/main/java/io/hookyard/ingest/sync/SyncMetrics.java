package io.hookyard.ingest.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters, tagged by vendor only (never tenant or sync ids): runs by outcome, records
 * reported, vendor requests and throttles, and the largest lag (now minus the position's vendor
 * time) over the syncs this instance runs.
 */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Instant> positionTimes = new ConcurrentHashMap<>();

  SyncMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("hookyard.syncs.lag", this::maxLagSeconds)
        .description("largest now minus position time over this instance's syncs")
        .baseUnit("seconds")
        .register(registry);
  }

  /** How many syncs this instance runs: the group gave it their partitions. */
  void owned(java.util.function.Supplier<Number> count) {
    Gauge.builder("hookyard.syncs.owned", count)
        .description("syncs whose positions partition this instance holds")
        .register(registry);
  }

  void request(String vendor) {
    counter("hookyard.syncs.vendor.requests", vendor).increment();
  }

  void throttled(String vendor) {
    counter("hookyard.syncs.vendor.throttles", vendor).increment();
  }

  void records(String vendor, long n) {
    counter("hookyard.syncs.records", vendor).increment(n);
  }

  void run(String vendor, String outcome) {
    Counter.builder("hookyard.syncs.runs")
        .tag("vendor", vendor)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void position(String syncId, Instant positionTime) {
    if (positionTime != null) {
      positionTimes.put(syncId, positionTime);
    }
  }

  void forget(String syncId) {
    positionTimes.remove(syncId);
  }

  private double maxLagSeconds() {
    Instant now = clock.instant();
    return positionTimes.values().stream()
        .mapToDouble(t -> Duration.between(t, now).toMillis() / 1000.0)
        .max()
        .orElse(0);
  }

  private Counter counter(String name, String vendor) {
    return Counter.builder(name).tag("vendor", vendor).register(registry);
  }
}
