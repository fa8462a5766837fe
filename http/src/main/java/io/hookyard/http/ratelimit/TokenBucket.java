package io.hookyard.http.ratelimit;

/**
 * One tenant's API allowance: a bucket of {@code limit} requests that refills evenly over a minute,
 * so a tenant may burst up to its limit and then goes on at the limit's rate. Time comes in as
 * nanoseconds from the caller, which keeps this plain arithmetic and testable without a clock.
 */
final class TokenBucket {
  private static final double MINUTE_NANOS = 60e9;

  private double tokens;
  private long updatedNanos;
  private int limit;

  TokenBucket(int limit, long nowNanos) {
    this.limit = limit;
    this.tokens = limit;
    this.updatedNanos = nowNanos;
  }

  /** The outcome of one request: whether it may pass, and what the headers say. */
  record Decision(
      boolean allowed, int limit, int remaining, long secondsUntilFull, long retryAfterSeconds) {}

  /** Takes one token if there is one. {@code limit} may have changed since the last call. */
  synchronized Decision take(int currentLimit, long nowNanos) {
    if (currentLimit != limit) {
      tokens = Math.min(currentLimit, tokens + (currentLimit - limit));
      limit = currentLimit;
    }
    double perNano = limit / MINUTE_NANOS;
    long elapsed = Math.max(0, nowNanos - updatedNanos);
    tokens = Math.min(limit, tokens + elapsed * perNano);
    updatedNanos = nowNanos;
    boolean allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
    }
    long untilFull = ceilSeconds((limit - tokens) / perNano);
    long retryAfter = allowed ? 0 : Math.max(1, ceilSeconds((1 - tokens) / perNano));
    return new Decision(allowed, limit, (int) Math.floor(tokens), untilFull, retryAfter);
  }

  private static long ceilSeconds(double nanos) {
    return (long) Math.ceil(nanos / 1e9 - 1e-9);
  }
}
