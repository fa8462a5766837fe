package io.hookyard.app.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hookyard in a child JVM on this test's class path, for tests that must kill a process outright
 * ({@code kill -9}) or stop one of several instances without touching the others (two Spring
 * applications in one JVM share reactor-netty's event loops, so closing one stops the other's
 * server too). It must be given a Kafka and a PostgreSQL: a killed child leaves no embedded server
 * behind.
 */
public final class ChildHookyard implements AutoCloseable {
  private final Process process;
  private final int port;

  private ChildHookyard(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static ChildHookyard start(Path dataDir, String... settings) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.hookyard.app.HookyardApplication");
    command.add("--server.port=" + port);
    command.add("--hookyard.data-dir=" + dataDir.toAbsolutePath());
    command.addAll(List.of(settings));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("child.log").toFile())
            .start();
    ChildHookyard child = new ChildHookyard(process, port);
    ApiClient anonymous = new ApiClient(child.baseUrl(), null);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("the child stopped; see " + dataDir);
              }
              return anonymous.getText("/actuator/health").contains("UP");
            });
    return child;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code kill -9}: no shutdown hooks, no leaving the consumer group, nothing flushed. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }
}
