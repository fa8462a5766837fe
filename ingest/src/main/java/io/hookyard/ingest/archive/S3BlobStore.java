package io.hookyard.ingest.archive;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
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

  /**
   * Lists the bucket a page at a time and deletes each page's old objects with one DeleteObjects
   * call (at most 1000 keys, S3's limit). A bucket lifecycle rule does the same without listing;
   * this also works on S3-compatible servers that have none.
   */
  @Override
  public Flux<Integer> deleteOlderThan(Instant cutoff, int batchSize) {
    ListObjectsV2Request list =
        ListObjectsV2Request.builder().bucket(bucket).maxKeys(Math.min(batchSize, 1000)).build();
    return Flux.from(s3.listObjectsV2Paginator(list))
        .concatMap(
            page -> {
              List<ObjectIdentifier> old =
                  page.contents().stream()
                      .filter(o -> o.lastModified().isBefore(cutoff))
                      .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                      .toList();
              if (old.isEmpty()) {
                return Mono.just(0);
              }
              return Mono.fromFuture(
                      () ->
                          s3.deleteObjects(
                              b -> b.bucket(bucket).delete(d -> d.objects(old).quiet(true))))
                  .map(response -> old.size() - response.errors().size());
            },
            1);
  }

  @Override
  public void close() {
    s3.close();
  }
}
