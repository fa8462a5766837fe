package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One side of {@code bench/e2e.sh} in a process of its own: the bare chain, or Hookyard. */
final class E2eSide implements AutoCloseable {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  final String name;
  final Process process;
  final double startSeconds;
  final List<E2eEntry> entries = new ArrayList<>();
  ApiClient api;

  /**
   * Hookyard's embedded PostgreSQL runs as a daemon of its own (its parent is init, not the JVM),
   * so its processes are found through its pid file and counted with the JVM's; null for the bare
   * chain.
   */
  private final Path postgresPidFile;

  private E2eSide(String name, Process process, double startSeconds, Path postgresPidFile) {
    this.name = name;
    this.process = process;
    this.startSeconds = startSeconds;
    this.postgresPidFile = postgresPidFile;
  }

  long cpuNanos() {
    return ProcessTreeCpu.nanos(process.toHandle()) + postgresNanos();
  }

  private long postgresNanos() {
    if (postgresPidFile == null) {
      return 0;
    }
    try {
      return Files.readAllLines(postgresPidFile).stream()
          .findFirst()
          .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.trim())))
          .map(ProcessTreeCpu::nanos)
          .orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0; // not started yet, or stopped
    }
  }

  /** The part of {@link #cpuNanos()} spent by the JVM's JIT compiler threads. */
  long compilerNanos() {
    return ProcessTreeCpu.compilerNanos(process.toHandle());
  }

  /**
   * Deliveries dispatch parked in its delay tiers since start (an endpoint's backlog beyond what a
   * lane holds), from Hookyard's {@code /actuator/prometheus}; 0 for the bare chain.
   */
  long parked() {
    if (api == null) {
      return 0;
    }
    return api.getText("/actuator/prometheus")
        .lines()
        .filter(
            l -> l.startsWith("hookyard_dispatch_deliveries_total{") && l.contains("\"parked\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The bare chain, posting to {@code subscriber}; ready when it prints its port. */
  static E2eSide bare(Path dir, String subscriber) throws IOException {
    List<String> command = java();
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BareChain.class.getName(),
            dir.toString(),
            subscriber,
            SECRET));
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectError(dir.resolve("bare.err").toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
      // skip until ready
    }
    if (line == null) {
      throw new IllegalStateException("the bare chain stopped; see " + dir.resolve("bare.err"));
    }
    E2eSide side = new E2eSide("bare chain", process, (System.nanoTime() - t0) / 1e9, null);
    side.entries.add(
        E2eEntry.signed(
            "bare /in", "http://127.0.0.1:" + line.substring(5).trim() + "/in", SECRET, 202));
    return side;
  }

  /** Hookyard from its jar in embedded mode, on a fresh data folder; ready at health UP. */
  static E2eSide hookyard(Path dir, Path jar, List<String> settings) throws Exception {
    // BENCH_HOOKYARD_JAVA: another JVM for Hookyard's side (a JDK 25 with its AOT cache, say)
    return hookyard(dir, jar, settings, System.getenv().getOrDefault("BENCH_HOOKYARD_JAVA", ""));
  }

  /**
   * As {@link #hookyard(Path, Path, List)}, started by {@code other} (a java command and its
   * options, split on spaces) instead of this JVM's java with the build's CDS archive, when not
   * blank.
   */
  static E2eSide hookyard(Path dir, Path jar, List<String> settings, String other)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        other.isBlank() ? java() : new ArrayList<>(List.of(other.trim().split("\\s+")));
    // the build's class-data-sharing archive next to the unpacked jar, as the README starts it
    Path archive = jar.resolveSibling("hookyard.jsa");
    if (other.isBlank() && Files.exists(archive)) {
      command.add("-XX:SharedArchiveFile=" + archive);
    }
    String opts = System.getenv().getOrDefault("BENCH_HOOKYARD_JAVA_OPTS", "");
    if (!opts.isBlank()) {
      command.addAll(List.of(opts.trim().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--hookyard.data-dir=" + dir.resolve("data"),
            "--hookyard.api.rate-limit-per-minute=100000000"));
    command.addAll(settings);
    long t0 = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("hookyard.log").toFile())
            .start();
    String base = "http://127.0.0.1:" + port;
    ApiClient anonymous = new ApiClient(base, null);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Hookyard stopped; see " + dir.resolve("hookyard.log"));
      }
      try {
        if (anonymous.getText("/actuator/health").contains("UP")) {
          break;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    E2eSide side =
        new E2eSide(
            "Hookyard",
            process,
            (System.nanoTime() - t0) / 1e9,
            dir.resolve("data/postgres/data/postmaster.pid"));
    String operator = Files.readString(dir.resolve("data").resolve("operator.key")).trim();
    ApiClient.Response tenant =
        new ApiClient(base, operator).post("/api/v1/tenants", "{\"name\":\"bench\"}");
    side.api = new ApiClient(base, tenant.body().path("api_key").asString());
    return side;
  }

  private static List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return command;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      // long enough for a JVM that writes an AOT cache or CDS archive at exit
      if (!process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
