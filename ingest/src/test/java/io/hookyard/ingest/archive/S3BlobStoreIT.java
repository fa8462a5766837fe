package io.hookyard.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 blob store against a real S3 API: S3Mock, run from its exec jar as a separate process on
 * loopback (the build copies the jar to target/s3mock).
 */
class S3BlobStoreIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path JAR = Path.of("target/s3mock/s3mock-exec.jar");

  @TempDir static Path storeRoot;
  private static Process s3mock;
  private static int port;

  @BeforeAll
  static void startS3Mock() throws IOException {
    assertThat(JAR).as("copied by maven-dependency-plugin before integration tests").exists();
    port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(
        List.of(
            "-jar",
            JAR.toString(),
            "--http.port=" + port,
            "--server.port=" + freePort(),
            "--vectors.http.port=" + freePort(),
            "--vectors.https.port=" + freePort(),
            "--com.adobe.testing.s3mock.store.root=" + storeRoot,
            "--logging.level.root=WARN"));
    s3mock =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(storeRoot.resolve("s3mock.log").toFile())
            .start();
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> listening(port));
  }

  @AfterAll
  static void stopS3Mock() throws InterruptedException {
    if (s3mock != null) {
      s3mock.destroy();
      if (!s3mock.waitFor(10, TimeUnit.SECONDS)) {
        s3mock.destroyForcibly();
      }
    }
  }

  @Test
  void createsItsBucketThenStoresAndReadsBlobs() throws IOException {
    BlobSettings settings =
        new BlobSettings(
            URI.create("http://127.0.0.1:" + port), "hookyard-it", "us-east-1", "key", "secret");
    try (S3BlobStore store =
        new S3BlobStore(ArchiveConfiguration.client(settings), settings.bucket())) {
      store.ensureBucket();
      store.ensureBucket();
      String key = "ten_1/src_2/2026-11-22/msg_3.json";
      byte[] body = "{\"hello\":\"s3\"}".getBytes(StandardCharsets.UTF_8);

      store.put(key, body).block(WAIT);

      assertThat(store.get(key).block(WAIT)).isEqualTo(body);
      assertThat(store.get("ten_1/nothing-here").blockOptional(WAIT)).isEmpty();
    }
    assertThat(Files.readString(storeRoot.resolve("s3mock.log"))).doesNotContain("{\"hello\"");
  }

  @Test
  void deletesObjectsWrittenBeforeTheCutoffInBatches() {
    BlobSettings settings =
        new BlobSettings(
            URI.create("http://127.0.0.1:" + port), "hookyard-retention", "us-east-1", "k", "s");
    try (S3BlobStore store =
        new S3BlobStore(ArchiveConfiguration.client(settings), settings.bucket())) {
      store.ensureBucket();
      for (int i = 0; i < 5; i++) {
        store.put("ten_1/src_2/2026-11-22/in_" + i + ".json", new byte[] {(byte) i}).block(WAIT);
      }
      Instant past = Instant.now().minus(Duration.ofDays(1));
      assertThat(store.deleteOlderThan(past, 2).reduce(0, Integer::sum).block(WAIT))
          .as("nothing was written before yesterday")
          .isZero();
      assertThat(store.get("ten_1/src_2/2026-11-22/in_0.json").block(WAIT)).isNotNull();

      Instant future = Instant.now().plus(Duration.ofMinutes(5));
      assertThat(store.deleteOlderThan(future, 2).collectList().block(WAIT))
          .containsExactly(2, 2, 1);
      for (int i = 0; i < 5; i++) {
        assertThat(store.get("ten_1/src_2/2026-11-22/in_" + i + ".json").blockOptional(WAIT))
            .isEmpty();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}
