package io.hookyard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark reads wrk's summary text; its units differ line by line. */
class WrkTest {
  private static final String OUTPUT =
      """
      Running 20s test @ http://127.0.0.1:41473/in/src_x
        2 threads and 32 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     7.78ms   12.01ms 220.62ms   91.00%
          Req/Sec     1.20k   200.00     1.60k    70.00%
        Latency Distribution
           50%  850.00us
           75%    6.10ms
           90%   12.40ms
           99%    1.20s
        48000 requests in 20.00s, 5.00MB read
        Socket errors: connect 0, read 2, write 0, timeout 3
        Non-2xx or 3xx responses: 7
      Requests/sec:   2400.50
      Transfer/sec:    256.00KB
      """;

  @Test
  void readsRateAndPercentilesInMillisecondsAndCountsEveryFailure() {
    Wrk.Result result = Wrk.parse(OUTPUT, "wrk ...");

    assertThat(result.requestsPerSecond()).isCloseTo(2400.5, within(0.001));
    assertThat(result.p50()).isCloseTo(0.85, within(0.0001));
    assertThat(result.p99()).isCloseTo(1200.0, within(0.0001));
    assertThat(result.failures()).isEqualTo(12);
  }
}
