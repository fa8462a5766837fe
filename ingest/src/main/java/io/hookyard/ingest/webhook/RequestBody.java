package io.hookyard.ingest.webhook;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Arrays;
import org.springframework.core.io.buffer.DataBufferLimitException;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a request body once into one byte array, byte-exact, up to a limit: past it the read stops
 * and fails with {@link DataBufferLimitException}, the same failure WebFlux's codecs raise, which
 * the API answers 413. A declared {@code Content-Length} within the limit sizes the array up front,
 * so a body is copied once, out of netty's buffers.
 */
public final class RequestBody {
  private static final int UNKNOWN_LENGTH_START = 8 * 1024;

  private RequestBody() {}

  public static Mono<byte[]> read(HttpServerRequest request, int limit) {
    int declared = declaredLength(request);
    int initial = declared >= 0 && declared <= limit ? declared : UNKNOWN_LENGTH_START;
    return request
        .receive()
        .collect(() -> new Accumulator(initial, limit), Accumulator::append)
        .map(Accumulator::bytes);
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
  private static final class Accumulator {
    private final int limit;
    private byte[] bytes;
    private int size;

    Accumulator(int initial, int limit) {
      this.limit = limit;
      this.bytes = new byte[initial];
    }

    void append(ByteBuf chunk) {
      int length = chunk.readableBytes();
      if (length > limit - size) {
        throw new DataBufferLimitException("the request body is larger than " + limit + " bytes");
      }
      if (size + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + length, bytes.length * 2)));
      }
      chunk.getBytes(chunk.readerIndex(), bytes, size, length);
      size += length;
    }

    byte[] bytes() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
