package io.hookyard.control.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long the attempt log keeps attempts, under {@code hookyard.retention}.
 *
 * @param attempts attempts (and sync runs) older than this are deleted; default 30 days
 * @param interval how often the purge runs; default 10 minutes
 * @param batchSize rows per delete statement, small so no delete holds locks for long; default 1000
 */
@Validated
@ConfigurationProperties("hookyard.retention")
public record RetentionSettings(Duration attempts, Duration interval, int batchSize) {
  public RetentionSettings {
    attempts = attempts == null ? Duration.ofDays(30) : positive(attempts, "attempts");
    interval = interval == null ? Duration.ofMinutes(10) : positive(interval, "interval");
    batchSize = batchSize == 0 ? 1000 : batchSize;
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("hookyard.retention.batch-size must be 1 to 100000");
    }
  }

  private static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("hookyard.retention." + name + " must be positive");
    }
    return value;
  }
}
