package io.hookyard.dispatch.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried next, or that it is out of tries. The endpoint's {@code
 * retry_schedule} gives the base delay of each retry, stretched or shrunk by up to ±20 % so that
 * the retries of one outage do not all land at once.
 *
 * <ul>
 *   <li>429 and 503 with a {@code Retry-After}: never sooner than the endpoint asked, up to {@code
 *       maxRetryAfter} (a receiver cannot park a delivery for a year), and never sooner than the
 *       schedule.
 *   <li>429 and timeouts: at least {@code throttleFloor} (60 s by default), since sending again at
 *       once would only add to the overload.
 * </ul>
 */
public final class RetryPolicy {
  private static final double JITTER = 0.2;
  private static final Set<String> TIMEOUTS = Set.of("timeout", "connect_timeout");

  private final Duration throttleFloor;
  private final Duration maxRetryAfter;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1): the source of jitter
   */
  public RetryPolicy(Duration throttleFloor, Duration maxRetryAfter, DoubleSupplier random) {
    this.throttleFloor = Objects.requireNonNull(throttleFloor, "throttleFloor");
    this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * How one try failed.
   *
   * @param statusCode the endpoint's status, or null when no answer came
   * @param error the attempt's error code ({@code timeout}, {@code http_500}, …)
   * @param retryAfter the endpoint's {@code Retry-After}, or null
   */
  public record Failure(Integer statusCode, String error, Duration retryAfter) {}

  /**
   * When try number {@code attempt + 1} is due, or empty when {@code attempt} was the last one the
   * schedule allows.
   *
   * @param attempt the try that just failed, 1 for the first
   */
  public Optional<Instant> next(
      List<Duration> schedule, int attempt, Failure failure, Instant now) {
    if (attempt < 1 || attempt > schedule.size()) {
      return Optional.empty();
    }
    Duration base = schedule.get(attempt - 1);
    double factor = 1 + JITTER * (2 * random.getAsDouble() - 1);
    Duration delay = Duration.ofMillis(Math.round(base.toMillis() * factor));
    Integer status = failure.statusCode();
    boolean throttled = status != null && (status == 429 || status == 503);
    if (throttled && failure.retryAfter() != null) {
      delay = max(delay, min(failure.retryAfter(), maxRetryAfter));
    }
    if ((status != null && status == 429) || TIMEOUTS.contains(failure.error())) {
      delay = max(delay, throttleFloor);
    }
    return Optional.of(now.plus(delay));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
