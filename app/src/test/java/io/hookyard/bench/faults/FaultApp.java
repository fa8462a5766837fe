package io.hookyard.bench.faults;

import io.hookyard.app.support.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hookyard from its jar in a process of its own, on one data folder and one port for its whole
 * life, so it can be killed ({@code kill -9}) and started again where it was, as an operator's
 * supervisor would.
 */
final class FaultApp implements AutoCloseable {
  private final Path jar;
  private final Path dir;
  private final List<String> settings;
  private final int port;
  private Process process;
  private int starts;

  FaultApp(Path jar, Path dir, List<String> settings) throws IOException {
    this.jar = jar;
    this.dir = dir;
    this.settings = settings;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  /** Starts it and waits for health UP; answers the seconds that took. */
  double start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // as the Dockerfile runs it: out of memory ends the process, never a loop half dead
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--hookyard.data-dir=" + dir.resolve("data"),
            "--hookyard.api.rate-limit-per-minute=100000000",
            // compressed like the circuit and the retries: a delivery stuck in hand is started
            // again from the last commit within a row's drain, not 5 minutes on (2026-12-05: one
            // became readable at 06:56:24, its watch would have ended at 07:01:24, and the row's
            // app was stopped at 07:01:21)
            "--hookyard.dispatch.stuck-after=PT2M"));
    command.addAll(settings);
    long t0 = System.nanoTime();
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    dir.resolve("hookyard-" + (++starts) + ".log").toFile()))
            .start();
    ApiClient anonymous = new ApiClient(baseUrl(), null);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Hookyard stopped; see " + dir);
      }
      try {
        if (anonymous.getText("/actuator/health").contains("\"UP\"")) {
          return (System.nanoTime() - t0) / 1e9;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  ApiClient operator() throws IOException {
    return new ApiClient(
        baseUrl(), Files.readString(dir.resolve("data").resolve("operator.key")).trim());
  }

  /** {@code kill -9} of the JVM: nothing flushed, no group left, the embedded servers orphaned. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Resident memory of the process and its children (the embedded PostgreSQL), in MiB. */
  long rssMib() {
    if (process == null || !process.isAlive()) {
      return 0;
    }
    return Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants())
            .mapToLong(p -> rssKib(p.pid()))
            .sum()
        / 1024;
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or no /proc here
    }
    return 0;
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
