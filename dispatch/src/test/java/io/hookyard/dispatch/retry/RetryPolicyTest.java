package io.hookyard.dispatch.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private static final List<Duration> SCHEDULE =
      List.of(Duration.ofSeconds(10), Duration.ofMinutes(5));
  private static final RetryPolicy.Failure HTTP_500 =
      new RetryPolicy.Failure(500, "http_500", null);

  @Test
  void followsTheScheduleThenRunsOut() {
    RetryPolicy policy = policy(0.5);

    assertThat(policy.next(SCHEDULE, 1, HTTP_500, NOW)).contains(NOW.plusSeconds(10));
    assertThat(policy.next(SCHEDULE, 2, HTTP_500, NOW)).contains(NOW.plusSeconds(300));
    assertThat(policy.next(SCHEDULE, 3, HTTP_500, NOW)).isEmpty();
    assertThat(policy.next(List.of(), 1, HTTP_500, NOW)).isEmpty();
  }

  @Test
  void jitterStaysWithinTwentyPercent() {
    assertThat(policy(0.0).next(SCHEDULE, 1, HTTP_500, NOW)).contains(NOW.plusSeconds(8));
    assertThat(policy(0.999999).next(SCHEDULE, 1, HTTP_500, NOW).orElseThrow())
        .isBetween(NOW.plusMillis(11_990), NOW.plusSeconds(12));
  }

  @Test
  void retryAfterOn503IsHonouredButClamped() {
    RetryPolicy policy = policy(0.5);

    assertThat(policy.next(SCHEDULE, 1, failure(503, Duration.ofSeconds(42)), NOW))
        .contains(NOW.plusSeconds(42));
    assertThat(policy.next(SCHEDULE, 1, failure(503, Duration.ofDays(30)), NOW))
        .contains(NOW.plus(Duration.ofHours(1)));
    assertThat(policy.next(SCHEDULE, 1, failure(503, Duration.ofSeconds(1)), NOW))
        .as("never sooner than the schedule")
        .contains(NOW.plusSeconds(10));
    assertThat(policy.next(SCHEDULE, 1, failure(500, Duration.ofSeconds(42)), NOW))
        .as("only 429 and 503 are throttling answers")
        .contains(NOW.plusSeconds(10));
  }

  @Test
  void tooManyRequestsAndTimeoutsWaitAtLeastAMinute() {
    RetryPolicy policy = policy(0.5);

    assertThat(policy.next(SCHEDULE, 1, failure(429, null), NOW)).contains(NOW.plusSeconds(60));
    assertThat(policy.next(SCHEDULE, 1, failure(429, Duration.ofSeconds(90)), NOW))
        .contains(NOW.plusSeconds(90));
    assertThat(policy.next(SCHEDULE, 1, new RetryPolicy.Failure(null, "timeout", null), NOW))
        .contains(NOW.plusSeconds(60));
    assertThat(
            policy.next(
                SCHEDULE, 1, new RetryPolicy.Failure(null, "connection_refused", null), NOW))
        .contains(NOW.plusSeconds(10));
  }

  private static RetryPolicy.Failure failure(int status, Duration retryAfter) {
    return new RetryPolicy.Failure(status, "http_" + status, retryAfter);
  }

  private static RetryPolicy policy(double random) {
    return new RetryPolicy(Duration.ofSeconds(60), Duration.ofHours(1), () -> random);
  }
}
