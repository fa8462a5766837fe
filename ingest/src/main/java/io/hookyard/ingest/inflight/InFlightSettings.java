package io.hookyard.ingest.inflight;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How much the routes that read a request body in ingest ({@code /in/{source}}, {@code POST
 * /api/v1/events}) may hold at once, under {@code hookyard.ingest}. A "source" is the webhook
 * source for {@code /in/{source}} and the tenant for the publish API.
 *
 * @param maxRequests requests in flight at once, from their headers to their answer; past it 503
 * @param maxRequestsPerSource the same for one source; past it 429
 * @param maxBuffered bytes of request bodies held at once, counted as the buffers grow with the
 *     bytes that actually arrive; past it 503
 * @param maxBufferedPerSource the same for one source; past it 429 (keep it at least the 1 MiB body
 *     limit, or the largest bodies are refused)
 * @param bodyTimeout the longest a request body may take to arrive in full; past it 408 and the
 *     connection is closed
 */
@ConfigurationProperties("hookyard.ingest")
public record InFlightSettings(
    int maxRequests,
    int maxRequestsPerSource,
    DataSize maxBuffered,
    DataSize maxBufferedPerSource,
    Duration bodyTimeout) {

  public InFlightSettings {
    maxRequests = maxRequests == 0 ? 1024 : positive(maxRequests, "max-requests");
    maxRequestsPerSource =
        maxRequestsPerSource == 0 ? 256 : positive(maxRequestsPerSource, "max-requests-per-source");
    maxBuffered =
        maxBuffered == null ? DataSize.ofMegabytes(64) : positive(maxBuffered, "max-buffered");
    maxBufferedPerSource =
        maxBufferedPerSource == null
            ? DataSize.ofMegabytes(16)
            : positive(maxBufferedPerSource, "max-buffered-per-source");
    bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(30) : bodyTimeout;
    if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
      throw new IllegalArgumentException("hookyard.ingest.body-timeout must be positive");
    }
  }

  /** The defaults, for instances and tests that set nothing. */
  public static InFlightSettings defaults() {
    return new InFlightSettings(0, 0, null, null, null);
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException("hookyard.ingest." + name + " must be at least 1");
    }
    return value;
  }

  private static DataSize positive(DataSize value, String name) {
    if (value.toBytes() < 1) {
      throw new IllegalArgumentException("hookyard.ingest." + name + " must be positive");
    }
    return value;
  }
}
