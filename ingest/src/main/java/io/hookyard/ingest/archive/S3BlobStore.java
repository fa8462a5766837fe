package io.hookyard.ingest.archive;

import java.util.concurrent.CompletionException;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A {@link BlobStore} on S3 or an S3-compatible server, through the AWS SDK's async client. */
final class S3BlobStore implements BlobStore, AutoCloseable {
  private final S3AsyncClient s3;
  private final String bucket;

  S3BlobStore(S3AsyncClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Creates the bucket when it does not exist yet; called once at start-up. */
  void ensureBucket() {
    try {
      s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build()).join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404)) {
        throw e;
      }
      s3.createBucket(b -> b.bucket(bucket)).join();
    }
  }

  @Override
  public Mono<Void> put(String key, byte[] bytes) {
    PutObjectRequest request =
        PutObjectRequest.builder().bucket(bucket).key(BlobStore.requireKey(key)).build();
    return Mono.fromFuture(() -> s3.putObject(request, AsyncRequestBody.fromBytes(bytes))).then();
  }

  @Override
  public Mono<byte[]> get(String key) {
    GetObjectRequest request =
        GetObjectRequest.builder().bucket(bucket).key(BlobStore.requireKey(key)).build();
    return Mono.fromFuture(() -> s3.getObject(request, AsyncResponseTransformer.toBytes()))
        .map(response -> response.asByteArray())
        .onErrorResume(NoSuchKeyException.class, e -> Mono.empty());
  }

  @Override
  public void close() {
    s3.close();
  }
}
