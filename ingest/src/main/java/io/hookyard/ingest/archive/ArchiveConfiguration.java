package io.hookyard.ingest.archive;

import io.hookyard.schemas.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Picks the blob store (S3 when an endpoint is configured, else the local folder), starts the raw
 * archive that fills it from {@code hookyard.inbound.raw}, and runs the archive's retention.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BlobSettings.class, ArchiveRetentionSettings.class})
class ArchiveConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ArchiveConfiguration.class);

  @Bean
  BlobStore blobStore(
      BlobSettings settings,
      @Value("${hookyard.blob.dir:${hookyard.data-dir:./hookyard-data}/blobs}") Path folder) {
    if (!settings.s3()) {
      log.info("blob store: folder {}", folder.toAbsolutePath());
      return new LocalBlobStore(folder);
    }
    S3BlobStore store = new S3BlobStore(client(settings), settings.bucket());
    store.ensureBucket();
    log.info("blob store: bucket {} at {}", settings.bucket(), settings.endpoint());
    return store;
  }

  /** The raw archive, fed from {@code hookyard.inbound.raw} (see {@link InboundArchive}). */
  @Bean(initMethod = "start", destroyMethod = "close")
  InboundArchive inboundArchive(KafkaConnection kafka, BlobStore blobs) {
    return new InboundArchive(kafka, blobs);
  }

  static S3AsyncClient client(BlobSettings settings) {
    AwsCredentialsProvider credentials =
        settings.accessKey() == null
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    return S3AsyncClient.builder()
        .endpointOverride(settings.endpoint())
        .region(Region.of(settings.region()))
        .forcePathStyle(true)
        .credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  @Bean
  ArchiveRetention archiveRetention(BlobStore blobs, ArchiveRetentionSettings settings) {
    return new ArchiveRetention(blobs, settings, Clock.systemUTC());
  }
}
