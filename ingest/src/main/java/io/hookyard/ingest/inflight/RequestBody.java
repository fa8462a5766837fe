package io.hookyard.ingest.inflight;

import io.hookyard.http.error.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body once into one byte array, byte-exact, up to a limit: past it the read stops
 * and fails with {@link DataBufferLimitException}, the same failure WebFlux's codecs raise, which
 * the API answers 413. The array grows with the bytes that actually arrive, to the next power of
 * two (from 8 KiB, never past the limit or the declared {@code Content-Length}): a declared length
 * is a claim, not bytes, and a client that declares a megabyte and stalls holds nothing more than
 * what it sent. Every growth is reserved on the request's {@link InFlight.Ticket} first (429 or 503
 * past its bounds), and a body that has not arrived in full within the timeout fails 408.
 */
public final class RequestBody {
  static final int MIN_CAPACITY = 8 * 1024;

  private RequestBody() {}

  public static Mono<byte[]> read(
      HttpServerRequest request, int limit, InFlight.Ticket ticket, Duration timeout) {
    return read(request.receive(), declaredLength(request), limit, ticket, timeout);
  }

  /** The most of an unread body {@link #discard} reads before it gives up. */
  static final int DISCARD_BYTES = 64 * 1024;

  /** How long {@link #discard} waits for the rest of an unread body. */
  static final Duration DISCARD_WAIT = Duration.ofSeconds(1);

  /**
   * Reads and drops what is left of a request refused before its body was read (429, 503), at most
   * {@link #DISCARD_BYTES} within {@link #DISCARD_WAIT}, so that closing the connection afterwards
   * does not meet unread bytes: Linux answers a close with unread data with a reset, which can
   * destroy the refusal on its way, and the client sees a dropped connection instead of the 429
   * with its {@code Retry-After} (about a quarter of refusals under a burst of 16 clients did).
   * Nothing is kept; a body that is larger, slower or already read (in part) is left as it is.
   */
  public static Mono<Void> discard(HttpServerRequest request) {
    return discard(request.receive());
  }

  static Mono<Void> discard(Flux<ByteBuf> chunks) {
    return chunks
        .scan(0L, (sum, chunk) -> sum + chunk.readableBytes())
        .takeUntil(sum -> sum > DISCARD_BYTES)
        .then()
        .timeout(DISCARD_WAIT, Mono.empty())
        .onErrorResume(e -> Mono.empty());
  }

  static Mono<byte[]> read(
      Flux<ByteBuf> chunks, int declared, int limit, InFlight.Ticket ticket, Duration timeout) {
    return chunks
        .collect(() -> new Accumulator(declared, limit, ticket), Accumulator::append)
        .map(Accumulator::bytes)
        .timeout(timeout, Mono.error(() -> timedOut(timeout)));
  }

  private static ApiException timedOut(Duration timeout) {
    return new ApiException(
        HttpStatus.REQUEST_TIMEOUT,
        "request_timeout",
        "the request body did not arrive within " + timeout.toSeconds() + " s",
        Map.of());
  }

  private static int declaredLength(HttpServerRequest request) {
    String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      return length < 0 || length > Integer.MAX_VALUE ? -1 : (int) length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body so far. Netty releases each chunk after {@link #append}: it is copied, not kept. */
  static final class Accumulator {
    private static final byte[] EMPTY = new byte[0];

    private final int declared;
    private final int limit;
    private final InFlight.Ticket ticket;
    private byte[] bytes = EMPTY;
    private int size;

    Accumulator(int declared, int limit, InFlight.Ticket ticket) {
      this.declared = declared;
      this.limit = limit;
      this.ticket = ticket;
    }

    void append(ByteBuf chunk) {
      int length = chunk.readableBytes();
      if (length > limit - size) {
        throw new DataBufferLimitException("the request body is larger than " + limit + " bytes");
      }
      if (size + length > bytes.length) {
        int capacity = capacityFor(size + length);
        ticket.reserve(capacity - bytes.length);
        bytes = Arrays.copyOf(bytes, capacity);
      }
      chunk.getBytes(chunk.readerIndex(), bytes, size, length);
      size += length;
    }

    /** The next power of two that holds {@code needed}, within the limit and declared length. */
    int capacityFor(int needed) {
      int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(needed - 1) << 1);
      capacity = Math.min(capacity, limit);
      if (declared >= needed) {
        capacity = Math.min(capacity, declared);
      }
      return Math.max(capacity, needed);
    }

    int capacity() {
      return bytes.length;
    }

    byte[] bytes() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
