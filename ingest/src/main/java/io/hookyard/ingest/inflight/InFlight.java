package io.hookyard.ingest.inflight;

import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.error.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;

/**
 * What the body-reading routes hold right now, bounded ({@link InFlightSettings}): requests in
 * flight and bytes of request bodies buffered, in total and per source. A request {@link #enter
 * enters} (503 past the total), {@link Ticket#claim claims} its source once it is known (429 past
 * the source's share), {@link Ticket#reserve reserves} bytes as its body's buffer grows (429 or
 * 503), and {@link Ticket#close gives everything back} when it is answered. Refusals are {@link
 * ApiException}s carrying {@code Retry-After} in their details, so a vendor backs off and retries.
 *
 * <p>Per-source usage is kept only while a source has something in flight, so the map is bounded by
 * the requests in flight, whatever ids callers make up.
 */
public final class InFlight {
  /** What a refused request is told to wait ({@code Retry-After}, seconds). */
  public static final long RETRY_AFTER_SECONDS = ApiErrorHandler.RETRY_AFTER.toSeconds();

  private final int maxRequests;
  private final int maxRequestsPerSource;
  private final long maxBytes;
  private final long maxBytesPerSource;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final ConcurrentMap<String, Usage> bySource = new ConcurrentHashMap<>();

  public InFlight(InFlightSettings settings) {
    this.maxRequests = settings.maxRequests();
    this.maxRequestsPerSource = settings.maxRequestsPerSource();
    this.maxBytes = settings.maxBuffered().toBytes();
    this.maxBytesPerSource = settings.maxBufferedPerSource().toBytes();
  }

  /** Requests in flight now. */
  public int requests() {
    return requests.get();
  }

  /** Bytes of request bodies buffered now. */
  public long bytes() {
    return bytes.get();
  }

  /** A request's place, or 503 when {@code max-requests} are in flight already. */
  public Ticket enter() {
    if (requests.incrementAndGet() > maxRequests) {
      requests.decrementAndGet();
      throw refused(HttpStatus.SERVICE_UNAVAILABLE, "too many requests in flight; retry later");
    }
    return new Ticket();
  }

  /** One request's share; closing it gives back all it holds, once. */
  public final class Ticket implements AutoCloseable {
    private String source;
    private long held;
    private boolean closed;

    private Ticket() {}

    /** Counts the request against its source: 429 past {@code max-requests-per-source}. */
    public synchronized void claim(String sourceKey) {
      if (source != null || closed) {
        throw new IllegalStateException("a request claims one source, once, before it closes");
      }
      boolean[] admitted = {false};
      bySource.compute(
          sourceKey,
          (key, usage) -> {
            Usage now = usage == null ? new Usage() : usage;
            if (now.requests < maxRequestsPerSource) {
              now.requests++;
              admitted[0] = true;
            }
            return now.isEmpty() ? null : now;
          });
      if (!admitted[0]) {
        throw refused(
            HttpStatus.TOO_MANY_REQUESTS,
            "too many requests in flight for this source; retry later");
      }
      source = sourceKey;
    }

    /**
     * Takes {@code count} more bytes for this request's body buffer: 429 past the source's share,
     * 503 past the total; nothing is taken when refused.
     */
    public synchronized void reserve(long count) {
      if (closed) {
        throw new IllegalStateException("the request was answered already");
      }
      if (source != null) {
        boolean[] admitted = {false};
        bySource.computeIfPresent(
            source,
            (key, usage) -> {
              if (usage.bytes + count <= maxBytesPerSource) {
                usage.bytes += count;
                admitted[0] = true;
              }
              return usage;
            });
        if (!admitted[0]) {
          throw refused(
              HttpStatus.TOO_MANY_REQUESTS,
              "too many bytes in flight for this source; retry later");
        }
      }
      if (bytes.addAndGet(count) > maxBytes) {
        bytes.addAndGet(-count);
        release(0, count);
        throw refused(HttpStatus.SERVICE_UNAVAILABLE, "too many bytes in flight; retry later");
      }
      held += count;
    }

    /** Gives back the request's place, its source's count and every byte it reserved. */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      bytes.addAndGet(-held);
      release(source == null ? 0 : 1, held);
      requests.decrementAndGet();
    }

    private void release(int request, long count) {
      if (source == null) {
        return;
      }
      bySource.computeIfPresent(
          source,
          (key, usage) -> {
            usage.requests -= request;
            usage.bytes -= count;
            return usage.isEmpty() ? null : usage;
          });
    }
  }

  private static ApiException refused(HttpStatus status, String message) {
    return new ApiException(
        status,
        status == HttpStatus.TOO_MANY_REQUESTS ? "too_many_requests" : "unavailable",
        message,
        Map.of("retry_after_seconds", RETRY_AFTER_SECONDS));
  }

  /** One source's requests and bytes; changed only inside the map's compute calls. */
  private static final class Usage {
    int requests;
    long bytes;

    boolean isEmpty() {
      return requests == 0 && bytes == 0;
    }
  }
}
