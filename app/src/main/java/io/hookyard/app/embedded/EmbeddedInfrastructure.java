package io.hookyard.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Hookyard needs besides itself, run in-process from one data folder, so that a single
 * {@code java -jar} works with no Kafka, PostgreSQL or S3 installed. Kafka and PostgreSQL start in
 * parallel; their data, and the blob folder, persist across restarts.
 *
 * <p>Layout: {@code <dataDir>/kafka/logs}, {@code <dataDir>/postgres/{data,work}} and {@code
 * <dataDir>/blobs}, plus a {@code ports.properties} per server with the loopback ports it reuses,
 * and a {@code .lock} that keeps a second instance off the folder.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

  private final DataDirLock lock;
  private final Path blobDir;
  private final EmbeddedKafka kafka;
  private final EmbeddedPostgresServer postgres;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedInfrastructure(
      DataDirLock lock, Path blobDir, EmbeddedKafka kafka, EmbeddedPostgresServer postgres) {
    this.lock = lock;
    this.blobDir = blobDir;
    this.kafka = kafka;
    this.postgres = postgres;
  }

  /**
   * Starts the requested parts in parallel and returns once each of them serves requests. If one
   * part fails, whatever did start is stopped again before the failure is thrown.
   *
   * @throws IllegalStateException if a part fails to start, or the folder is in use
   */
  public static EmbeddedInfrastructure start(Path dataDir, boolean kafka, boolean postgres) {
    long begin = System.nanoTime();
    Path root = dataDir.toAbsolutePath().normalize();
    DataDirLock lock;
    Path blobDir;
    try {
      Files.createDirectories(root);
      lock = DataDirLock.acquire(root);
      blobDir = Files.createDirectories(root.resolve("blobs"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data folder " + root, e);
    }
    QuietLogging.apply();
    ExecutorService executor = Executors.newFixedThreadPool(2, new StarterThreads());
    try {
      CompletableFuture<EmbeddedKafka> kafkaStart =
          kafka
              ? startAsync("Kafka", () -> EmbeddedKafka.start(root.resolve("kafka")), executor)
              : CompletableFuture.completedFuture(null);
      CompletableFuture<EmbeddedPostgresServer> postgresStart =
          postgres
              ? startAsync(
                  "PostgreSQL",
                  () -> EmbeddedPostgresServer.start(root.resolve("postgres")),
                  executor)
              : CompletableFuture.completedFuture(null);
      EmbeddedInfrastructure infrastructure =
          new EmbeddedInfrastructure(lock, blobDir, valueOf(kafkaStart), valueOf(postgresStart));
      List<Throwable> failures = new ArrayList<>();
      addFailure(kafkaStart, failures);
      addFailure(postgresStart, failures);
      if (!failures.isEmpty()) {
        IllegalStateException thrown =
            new IllegalStateException("embedded infrastructure failed to start", failures.get(0));
        failures.stream().skip(1).forEach(thrown::addSuppressed);
        try {
          infrastructure.close();
        } catch (RuntimeException e) {
          thrown.addSuppressed(e);
        }
        throw thrown;
      }
      log.info("embedded infrastructure ready in {} ms under {}", millisSince(begin), root);
      return infrastructure;
    } finally {
      executor.shutdown();
    }
  }

  /** The settings that point the application at the parts started here. */
  public Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("hookyard.blob.dir", blobDir.toString());
    if (kafka != null) {
      properties.put("hookyard.kafka.bootstrap-servers", kafka.bootstrapServers());
    }
    if (postgres != null) {
      properties.put("hookyard.r2dbc.url", postgres.r2dbcUrl());
      properties.put("hookyard.r2dbc.username", EmbeddedPostgresServer.USER);
      // trust authentication on loopback accepts any password; this one guards nothing
      properties.put("hookyard.r2dbc.password", EmbeddedPostgresServer.USER);
    }
    return Collections.unmodifiableMap(properties);
  }

  /**
   * Stops PostgreSQL, then Kafka (shutdown and await), then frees the folder; a second call does
   * nothing.
   *
   * @throws IllegalStateException if a part failed to stop (after every part was tried)
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    List<Exception> failures = new ArrayList<>();
    if (postgres != null) {
      stop(postgres, failures);
    }
    if (kafka != null) {
      stop(kafka, failures);
    }
    stop(lock, failures);
    if (!failures.isEmpty()) {
      IllegalStateException thrown =
          new IllegalStateException("stopping the embedded infrastructure failed", failures.get(0));
      failures.stream().skip(1).forEach(thrown::addSuppressed);
      throw thrown;
    }
  }

  private static void stop(AutoCloseable part, List<Exception> failures) {
    try {
      part.close();
    } catch (Exception e) {
      failures.add(e);
    }
  }

  private static <T> CompletableFuture<T> startAsync(
      String part, Callable<T> start, ExecutorService executor) {
    return CompletableFuture.supplyAsync(
        () -> {
          long begin = System.nanoTime();
          try {
            T started = start.call();
            log.info("embedded {} started in {} ms", part, millisSince(begin));
            return started;
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }

  /** Waits for a part to start or fail; a failed part yields null (see {@link #addFailure}). */
  private static <T> T valueOf(CompletableFuture<T> start) {
    return start.handle((value, error) -> value).join();
  }

  private static void addFailure(CompletableFuture<?> start, List<Throwable> failures) {
    Throwable error = start.handle((value, e) -> e).join();
    if (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error != null) {
      failures.add(error);
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  /**
   * Daemon threads, so a start stuck in a part cannot keep the JVM alive. They are created by the
   * caller's thread, so they inherit its context class loader (the fat jar's, under Spring Boot).
   */
  private static final class StarterThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "hookyard-embedded-start-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
