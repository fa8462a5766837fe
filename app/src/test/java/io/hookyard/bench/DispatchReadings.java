package io.hookyard.bench;

import io.hookyard.app.support.RunningHookyard;
import java.util.List;

/**
 * What the dispatch benchmark reads off a running Hookyard (its dispatch meters, the routing
 * thread's JMX metrics) and the statistics it reports.
 */
final class DispatchReadings {
  private DispatchReadings() {}

  /** The dispatcher's delivery counters, for the record: how many were parked, for one. */
  static String dispatchMeters(RunningHookyard hookyard) {
    return hookyard
        .operator()
        .getText("/actuator/prometheus")
        .lines()
        .filter(
            l ->
                l.startsWith("hookyard_dispatch_deliveries_total")
                    || l.startsWith("hookyard_dispatch_attempt_duration_seconds_sum")
                    || l.startsWith("hookyard_dispatch_attempt_duration_seconds_count")
                    || l.startsWith("hookyard_dispatch_queue_time_seconds_sum")
                    || l.startsWith("hookyard_dispatch_queue_time_seconds_count")
                    || l.startsWith("hookyard_dispatch_queue_time_seconds_max")
                    || l.startsWith("hookyard_dispatch_end_to_end_seconds_sum")
                    || l.startsWith("hookyard_dispatch_end_to_end_seconds_count")
                    || (System.getenv("BENCH_BUCKETS") != null
                        && l.startsWith("hookyard_dispatch_attempt_duration_seconds_bucket")))
        .toList()
        .toString();
  }

  /**
   * Every 2 s during the latency phase, the routing thread's loop: records processed per second,
   * polls per second and records per poll, commits per second and their average time.
   */
  static void watchRouting() {
    while (true) {
      System.out.println(
          "routing: "
              + ClientMetrics.line(
                  "kafka.streams:type=stream-thread-metrics,*",
                  "hookyard-routing",
                  List.of(
                      "process-rate",
                      "poll-rate",
                      "poll-records-avg",
                      "commit-rate",
                      "commit-latency-avg")));
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
