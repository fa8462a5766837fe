package io.hookyard.control.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesBelowEightMillisecondsAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 50; i++) {
      h.record(3);
    }
    for (int i = 0; i < 50; i++) {
      h.record(7);
    }
    assertThat(h.percentile(0.5)).isEqualTo(3);
    assertThat(h.percentile(0.99)).isEqualTo(7);
  }

  @Test
  void percentilesLandInTheBucketOfTheTrueValue() {
    LatencyHistogram h = new LatencyHistogram();
    // 98 at 130 ms (bucket 120..140), 2 at 2,200 ms (bucket 2,000..2,500)
    for (int i = 0; i < 98; i++) {
      h.record(130);
    }
    h.record(2200);
    h.record(2200);
    assertThat(h.percentile(0.5)).isBetween(120L, 139L);
    assertThat(h.percentile(0.99)).isBetween(2000L, 2499L);
  }

  @Test
  void storedHistogramsAddUp() {
    LatencyHistogram h = new LatencyHistogram();
    Integer[] minute = new Integer[LatencyHistogram.BUCKETS];
    java.util.Arrays.fill(minute, 0);
    minute[0] = 10; // below 1 ms
    h.add(minute);
    Integer[] later = minute.clone();
    later[0] = 0;
    later[LatencyHistogram.BUCKETS - 1] = 1; // 60 s and more
    h.add(later);
    assertThat(h.percentile(0.5)).isZero();
    assertThat(h.percentile(0.99)).isEqualTo(60_000);
  }

  @Test
  void noCountsNoPercentile() {
    assertThat(new LatencyHistogram().percentile(0.5)).isNull();
  }
}
