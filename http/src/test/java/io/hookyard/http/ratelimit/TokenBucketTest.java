package io.hookyard.http.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsABurstUpToTheLimitThenRefusesWithRetryAfter() {
    TokenBucket bucket = new TokenBucket(3, 0);
    assertThat(bucket.take(3, 0).remaining()).isEqualTo(2);
    assertThat(bucket.take(3, 0).remaining()).isEqualTo(1);
    TokenBucket.Decision last = bucket.take(3, 0);
    assertThat(last.allowed()).isTrue();
    assertThat(last.remaining()).isZero();
    assertThat(last.secondsUntilFull()).isEqualTo(60);

    TokenBucket.Decision refused = bucket.take(3, 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(20);
  }

  @Test
  void refillsEvenlyOverTheMinute() {
    TokenBucket bucket = new TokenBucket(60, 0);
    for (int i = 0; i < 60; i++) {
      assertThat(bucket.take(60, 0).allowed()).isTrue();
    }
    assertThat(bucket.take(60, 0).allowed()).isFalse();
    TokenBucket.Decision later = bucket.take(60, 5 * SECOND);
    assertThat(later.allowed()).isTrue();
    assertThat(later.remaining()).isEqualTo(4);
    assertThat(bucket.take(60, 10 * 60 * SECOND).remaining()).isEqualTo(59);
  }

  @Test
  void followsAChangedLimit() {
    TokenBucket bucket = new TokenBucket(100, 0);
    bucket.take(100, 0);
    TokenBucket.Decision lowered = bucket.take(2, 0);
    assertThat(lowered.limit()).isEqualTo(2);
    assertThat(lowered.remaining()).isLessThanOrEqualTo(1);
    TokenBucket.Decision raised = bucket.take(500, 0);
    assertThat(raised.limit()).isEqualTo(500);
    assertThat(raised.remaining()).isLessThan(500);
  }

  @Test
  void retryAfterIsNeverZeroWhenRefused() {
    TokenBucket bucket = new TokenBucket(1_000_000, 0);
    for (int i = 0; i < 1_000_000; i++) {
      bucket.take(1_000_000, 0);
    }
    TokenBucket.Decision refused = bucket.take(1_000_000, 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
  }
}
