package io.hookyard.ingest.archive;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where raw payloads are archived: S3 (or any S3-compatible store) in production, a folder in the
 * data directory in embedded mode. Keys are slash-separated paths such as {@code
 * ten_…/src_…/2026-11-22/msg_…}.
 */
public interface BlobStore {

  /** Stores {@code bytes} under {@code key}, replacing what was there. */
  Mono<Void> put(String key, byte[] bytes);

  /** The bytes under {@code key}, or empty when there are none. */
  Mono<byte[]> get(String key);

  /**
   * Deletes the blobs last written before {@code cutoff}, at most {@code batchSize} per call to the
   * storage, and emits how many each batch removed. Retention runs this now and then.
   */
  Flux<Integer> deleteOlderThan(Instant cutoff, int batchSize);

  /** Throws unless {@code key} is a safe relative path of ids, dates and file names. */
  static String requireKey(String key) {
    if (key == null
        || key.isEmpty()
        || key.length() > 512
        || !key.matches("[A-Za-z0-9_.=-]+(/[A-Za-z0-9_.=-]+)*")
        || key.contains("..")) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return key;
  }
}
