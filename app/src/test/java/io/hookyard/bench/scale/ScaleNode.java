package io.hookyard.bench.scale;

import io.hookyard.app.support.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One deployment of Hookyard: the jar in a process of its own with some of its roles, pointed at
 * the shared broker and database as a server install is. It can be stopped as an orchestrator stops
 * it ({@code SIGTERM}, then waiting for it to exit) or killed outright ({@code SIGKILL}).
 */
final class ScaleNode implements AutoCloseable {
  /** How the test stops a node halfway. */
  enum Stop {
    /** SIGTERM: graceful shutdown, the node leaves its consumer groups. */
    TERM,
    /** SIGKILL: nothing flushed, the groups notice only after their session timeout. */
    KILL
  }

  private final String name;
  private final Path dir;
  private final int port;
  private final Process process;

  private ScaleNode(String name, Path dir, int port, Process process) {
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts the jar with these roles; {@link #awaitUp} waits for it. */
  static ScaleNode launch(Path jar, Path dir, String name, String roles, List<String> settings)
      throws IOException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(
        List.of(
            "-jar",
            jar.toAbsolutePath().toString(),
            "--server.port=" + port,
            "--hookyard.data-dir=" + dir.resolve("data"),
            "--hookyard.roles=" + roles,
            "--hookyard.api.rate-limit-per-minute=100000000"));
    command.addAll(settings);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    return new ScaleNode(name, dir, port, process);
  }

  /** Waits until the node's readiness and liveness probes answer UP, as Kubernetes would. */
  ScaleNode awaitUp(Duration atMost) throws InterruptedException {
    ApiClient anonymous = new ApiClient(baseUrl(), null);
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " stopped while starting; see " + log());
      }
      try {
        // the two probes deploy/k8s points Kubernetes at
        if (anonymous.getText("/actuator/health/readiness").contains("\"UP\"")
            && anonymous.getText("/actuator/health/liveness").contains("\"UP\"")) {
          return this;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready within " + atMost + "; see " + log());
  }

  String name() {
    return name;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Path log() {
    return dir.resolve(name + ".log");
  }

  /**
   * Stops the node the given way and waits for the process to end; answers how long that took (a
   * graceful stop must fit in an orchestrator's termination grace period).
   */
  Duration stop(Stop how) throws InterruptedException {
    long t0 = System.nanoTime();
    if (how == Stop.KILL) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      throw new IllegalStateException(name + " did not stop within 120 s after " + how);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
