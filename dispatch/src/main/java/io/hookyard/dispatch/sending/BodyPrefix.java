package io.hookyard.dispatch.sending;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the first bytes of a response body and stops there: the attempt log keeps only a prefix,
 * and an endpoint answering with a huge (or endless) body must not make us buffer it. Cancelling
 * the body once the prefix is read closes that connection instead of draining it.
 */
final class BodyPrefix {
  private BodyPrefix() {}

  static Mono<String> read(Flux<DataBuffer> body, int maxBytes) {
    return Mono.defer(
        () -> {
          ByteArrayOutputStream prefix = new ByteArrayOutputStream(Math.min(maxBytes, 256));
          return body.doOnNext(buffer -> copy(buffer, prefix, maxBytes))
              .takeUntil(buffer -> prefix.size() >= maxBytes)
              .then(Mono.fromSupplier(() -> prefix.toString(StandardCharsets.UTF_8)));
        });
  }

  private static void copy(DataBuffer buffer, ByteArrayOutputStream prefix, int maxBytes) {
    try {
      int n = Math.min(maxBytes - prefix.size(), buffer.readableByteCount());
      if (n > 0) {
        byte[] bytes = new byte[n];
        buffer.read(bytes, 0, n);
        prefix.write(bytes, 0, n);
      }
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
