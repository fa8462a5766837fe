package io.hookyard.bench.scale;

import io.hookyard.app.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Hookyard deployed as separate processes from one jar, the way {@code deploy/k8s} and the compose
 * file's {@code scale} profile run it: one {@code ingest,control} node (the API, the publish edge)
 * and {@code streams,dispatch} workers, all on one broker and one PostgreSQL, sharing only the
 * encryption and operator keys.
 */
final class ScaleDeployment implements AutoCloseable {
  /** Generous: three JVMs starting on a busy 2-core CI machine took over three minutes. */
  private static final Duration START = Duration.ofMinutes(6);

  private final Path jar;
  private final Path dir;
  private final List<String> settings;
  private final String adminKey;
  private final ScaleNode edge;
  private final List<ScaleNode> workers = new ArrayList<>();
  private int started;

  private ScaleDeployment(
      Path jar, Path dir, List<String> settings, String adminKey, ScaleNode edge) {
    this.jar = jar;
    this.dir = dir;
    this.settings = settings;
    this.adminKey = adminKey;
    this.edge = edge;
  }

  /** Starts the edge node and {@code workers} workers at once and waits until all are ready. */
  static ScaleDeployment start(ScaleCluster cluster, Path jar, Path dir, int workers)
      throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    String adminKey = randomKey();
    List<String> settings = new ArrayList<>(cluster.settings());
    settings.add("--hookyard.encryption-key=" + randomKey());
    settings.add("--hookyard.admin-key=" + adminKey);
    // the receivers are on loopback, which a server install refuses by default
    settings.add("--hookyard.dispatch.allow-private-targets=true");
    ScaleNode edge = ScaleNode.launch(jar, dir.resolve("edge"), "edge", "ingest,control", settings);
    ScaleDeployment deployment =
        new ScaleDeployment(jar, dir, List.copyOf(settings), adminKey, edge);
    try {
      // the edge first: it migrates the database; the workers then start side by side
      edge.awaitUp(START);
      List<ScaleNode> launched = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        launched.add(deployment.launchWorker());
      }
      for (ScaleNode worker : launched) {
        worker.awaitUp(START);
      }
      return deployment;
    } catch (Exception | Error e) {
      deployment.close();
      throw e;
    }
  }

  /** One more {@code streams,dispatch} worker, ready; the groups rebalance to take it in. */
  ScaleNode addWorker() throws Exception {
    return launchWorker().awaitUp(START);
  }

  private ScaleNode launchWorker() throws java.io.IOException {
    String name = "worker-" + (++started);
    ScaleNode worker = ScaleNode.launch(jar, dir.resolve(name), name, "streams,dispatch", settings);
    workers.add(worker);
    return worker;
  }

  List<ScaleNode> workers() {
    return workers.stream().filter(ScaleNode::alive).toList();
  }

  ApiClient operator() {
    return new ApiClient(edge.baseUrl(), adminKey);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public void close() {
    workers.forEach(ScaleNode::close);
    edge.close();
  }
}
