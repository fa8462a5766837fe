package io.hookyard.app.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What one bucket holds, read through a real S3 API (S3Mock in the tests). */
public record S3Bucket(S3AsyncClient s3, String name) {

  /** Every key in the bucket, sorted. */
  public List<String> keys() {
    return Flux.from(s3.listObjectsV2Paginator(b -> b.bucket(name)).contents())
        .map(S3Object::key)
        .sort()
        .collectList()
        .block(Duration.ofSeconds(30));
  }

  /** The object under {@code key} as UTF-8 text; fails when there is none. */
  public String text(String key) {
    return new String(object(key).orElseThrow(), StandardCharsets.UTF_8);
  }

  /** The object under {@code key}, or empty when there is none. */
  public Optional<byte[]> object(String key) {
    try {
      return Optional.of(
          s3.getObject(b -> b.bucket(name).key(key), AsyncResponseTransformer.toBytes())
              .join()
              .asByteArray());
    } catch (CompletionException e) {
      if (e.getCause() instanceof NoSuchKeyException) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
