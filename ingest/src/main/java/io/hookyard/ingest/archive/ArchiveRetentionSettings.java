package io.hookyard.ingest.archive;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the raw-payload archive keeps what ingest stored, under {@code hookyard.retention} (the
 * same keys that set the attempt log's retention in control).
 *
 * @param archive archived payloads older than this are deleted; default 30 days
 * @param interval how often the purge runs; default 10 minutes
 * @param batchSize blobs per delete call, small so no call runs long; default 1000
 */
@ConfigurationProperties("hookyard.retention")
record ArchiveRetentionSettings(Duration archive, Duration interval, int batchSize) {
  ArchiveRetentionSettings {
    archive = archive == null ? Duration.ofDays(30) : positive(archive, "archive");
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
