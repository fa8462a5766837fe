package io.hookyard.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * A real S3 API on loopback: S3Mock run from its exec jar as a separate process (the build copies
 * the jar to {@code target/s3mock} before the integration tests). It keeps its objects under the
 * given folder and its log next to them.
 */
public final class S3MockProcess implements AutoCloseable {
  private static final Path JAR = Path.of("target/s3mock/s3mock-exec.jar");
  public static final String ACCESS_KEY = "s3mock-access";
  public static final String SECRET_KEY = "s3mock-secret";
  public static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final Path log;

  private S3MockProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts S3Mock on free loopback ports and waits until it listens. */
  public static S3MockProcess start(Path root) {
    assertThat(JAR).as("copied by maven-dependency-plugin before integration tests").exists();
    try {
      int port = freePort();
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
              "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
              "--logging.level.root=WARN"));
      Path log = root.resolve("s3mock.log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      S3MockProcess s3mock = new S3MockProcess(process, port, log);
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> !process.isAlive() || listening(port));
        assertThat(process.isAlive()).as("S3Mock exited; see %s", log).isTrue();
      } catch (RuntimeException | AssertionError e) {
        s3mock.close();
        throw e;
      }
      return s3mock;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Where S3Mock writes its log. */
  public Path log() {
    return log;
  }

  /** The {@code --hookyard.s3.*} settings that point Hookyard at this server and bucket. */
  public String[] hookyardSettings(String bucket) {
    return new String[] {
      "--hookyard.s3.endpoint=" + endpoint(),
      "--hookyard.s3.bucket=" + bucket,
      "--hookyard.s3.region=" + REGION,
      "--hookyard.s3.access-key=" + ACCESS_KEY,
      "--hookyard.s3.secret-key=" + SECRET_KEY
    };
  }

  /**
   * An AWS SDK v2 client for this server, to look at what was stored: the async one, whose Netty
   * HTTP client is what Hookyard itself ships (the SDK's blocking HTTP clients are not on the
   * classpath).
   */
  public S3AsyncClient client() {
    return S3AsyncClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
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
