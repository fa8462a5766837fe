package io.hookyard.ingest.archive;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The blob store: {@code HOOKYARD_S3_ENDPOINT} (with {@code _BUCKET}, {@code _REGION}, and
 * optionally {@code _ACCESS_KEY} / {@code _SECRET_KEY}, else the AWS default credential chain)
 * selects S3; without an endpoint the store is the folder {@code hookyard.blob.dir}.
 */
@ConfigurationProperties("hookyard.s3")
public record BlobSettings(
    URI endpoint, String bucket, String region, String accessKey, String secretKey) {

  public BlobSettings {
    bucket = bucket == null || bucket.isBlank() ? "hookyard" : bucket;
    region = region == null || region.isBlank() ? "us-east-1" : region;
  }

  boolean s3() {
    return endpoint != null;
  }

  @Override
  public String toString() {
    return "BlobSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
  }
}
