package io.hookyard.control.stats;

/**
 * Response times counted in fixed log-scale buckets, as the attempt rollup stores them ({@code
 * attempt_minutes.latency}, V104): bucket 0 below 1 ms, bucket i from {@code EDGES[i - 1]} up to
 * {@code EDGES[i]}, the last from 60 s on. Buckets are 1 ms wide up to 8 ms and then at most a
 * quarter of their lower edge wide, so a percentile read from here is exact below 8 ms and
 * otherwise within its bucket: it is interpolated linearly inside the bucket the rank falls in. The
 * edges equal those of {@code hookyard_latency_bucket} in V104.
 */
final class LatencyHistogram {
  static final long[] EDGES = {
    1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 25, 30, 35, 40, 50, 60, 70, 80, 100, 120, 140, 160,
    200, 250, 300, 350, 400, 500, 600, 700, 800, 1000, 1200, 1400, 1600, 2000, 2500, 3000, 3500,
    4000, 5000, 6000, 7000, 8000, 10000, 12000, 15000, 20000, 25000, 30000, 40000, 50000, 60000
  };

  static final int BUCKETS = EDGES.length + 1;

  private final long[] counts = new long[BUCKETS];
  private long total;

  /** Adds a stored histogram (one count per bucket, bucket 0 first). */
  void add(Integer[] stored) {
    for (int i = 0; i < Math.min(stored.length, BUCKETS); i++) {
      long n = stored[i] == null ? 0 : stored[i];
      counts[i] += n;
      total += n;
    }
  }

  /** Counts one response time (tests). */
  void record(long ms) {
    int bucket = 0;
    while (bucket < EDGES.length && ms >= EDGES[bucket]) {
      bucket++;
    }
    counts[bucket]++;
    total++;
  }

  /**
   * The {@code q} quantile in milliseconds: the rank {@code ceil(q * n)} is found in its bucket and
   * placed between the bucket's edges in proportion to its position among the bucket's counts; null
   * without counts. Below 1 ms is 0; from 60 s on is 60,000.
   */
  Long percentile(double q) {
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long before = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] == 0 || before + counts[i] < rank) {
        before += counts[i];
        continue;
      }
      if (i == 0) {
        return 0L;
      }
      long low = EDGES[i - 1];
      if (i == EDGES.length) {
        return low;
      }
      long high = EDGES[i];
      double within = (rank - before - 0.5) / counts[i];
      return low + (long) Math.floor((high - low) * within);
    }
    return EDGES[EDGES.length - 1];
  }
}
