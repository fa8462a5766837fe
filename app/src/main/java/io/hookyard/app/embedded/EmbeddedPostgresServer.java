package io.hookyard.app.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (zonky's binaries from a jar) run as a child process, so that Hookyard needs no
 * database server installed. Its binaries and data live under the data folder and survive restarts;
 * it listens on loopback only, with trust authentication (the zonky default).
 *
 * <p>PostgreSQL outlives a JVM that is killed without closing it; the next start stops such an
 * orphan first, since it still holds the data directory. (The data folder's lock guarantees that
 * the JVM which started it is gone.)
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String USER = "postgres";
  private static final String DATABASE = "postgres";
  private static final String PORT = "postgres";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL with its files under {@code dir}; returns once it accepts connections. */
  static EmbeddedPostgresServer start(Path dir) throws IOException {
    Path data = dir.resolve("data");
    Path work = dir.resolve("work");
    Files.createDirectories(work);
    stopOrphan(data);
    int port = PersistedPorts.resolve(dir.resolve("ports.properties"), List.of(PORT)).get(PORT);
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setOverrideWorkingDirectory(work.toFile())
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              // the owner closes it, after the beans using it; a JVM hook would race with that
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              // zonky passes -F (fsync off), which risks a corrupt cluster after a power loss;
              // commits stay asynchronous (synchronous_commit=off), at most the last few are lost
              .setServerConfig("fsync", "on")
              .setPGStartupWait(STARTUP_WAIT)
              .start();
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException | RuntimeException e) {
      PersistedPorts.release(List.of(port));
      throw e;
    }
  }

  String r2dbcUrl() {
    return "r2dbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      PersistedPorts.release(List.of(postgres.getPort()));
    }
  }

  /**
   * Stops a postmaster left running by a killed JVM. SIGTERM is PostgreSQL's "smart" shutdown,
   * which completes at once because the old JVM's connections are gone.
   */
  private static void stopOrphan(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan =
        Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
            .findFirst()
            .map(String::trim)
            .filter(line -> line.matches("\\d+"))
            .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
            .filter(ProcessHandle::isAlive)
            .filter(h -> h.info().command().map(c -> c.endsWith("/bin/postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return; // a stale pid file after a crash or reboot: PostgreSQL itself ignores it
    }
    log.warn("stopping PostgreSQL (pid {}) left running on {}", orphan.get().pid(), data);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(STARTUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the orphaned PostgreSQL", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not stop the orphaned PostgreSQL on " + data, e);
    }
  }
}
