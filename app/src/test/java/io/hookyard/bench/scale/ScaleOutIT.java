package io.hookyard.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar as separate deployments on one broker (six partitions per topic) and one PostgreSQL:
 * one {@code ingest,control} process and two {@code streams,dispatch} processes. 100 endpoints,
 * each limited to 60 requests a minute, get their backlog at once; when half of it has arrived one
 * worker is stopped — with SIGTERM in one run, SIGKILL in the other — and the survivor takes its
 * partitions over. Every event arrives, a repeat only with the same {@code webhook-id}, and no
 * endpoint sees more than its limit + 2 % in any minute: one owner per endpoint at any time.
 *
 * <p>CI runs 6,000 events (60 per endpoint, a minute of each endpoint's limit); {@code
 * bench/scale.sh} runs the 20,000, and {@code -Dscale.events=…} sets any size here. After
 * the first run a fresh worker replaces the stopped one, so the second starts with two again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
  static final int CI_EVENTS = 6_000;

  private final ScaleSettings settings = ScaleSettings.fromSystemProperties(CI_EVENTS);
  private ScaleCluster cluster;
  private ScaleDeployment deployment;
  private ScaleReceiver receiver;

  /** The servers the deployments share; {@link ScaleOutContainersIT} uses containers instead. */
  ScaleCluster cluster(Path dir) throws Exception {
    return ScaleCluster.local(dir);
  }

  @BeforeAll
  void deploy(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    cluster = cluster(dir.resolve("cluster"));
    deployment = ScaleDeployment.start(cluster, settings.jar(), dir.resolve("nodes"), 2);
    receiver = new ScaleReceiver();
  }

  @Test
  @Order(1)
  void aWorkerStoppedWithSigtermHandsItsEndpointsOverWithinTheirLimits() throws Exception {
    ScaleResult result = new ScaleRun(deployment, settings, receiver).run(ScaleNode.Stop.TERM);
    System.out.println("ScaleOutIT " + result.summary());
    assertThat(result.problems()).isEmpty();
    // Spring's graceful shutdown, then Kafka Streams and the consumers leaving their groups: with
    // room inside the 90 s termination grace period deploy/k8s gives streams and dispatch
    assertThat(result.stopTook()).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  @Order(2)
  void aWorkerKilledWithSigkillLosesNothingAndItsEndpointsKeepTheirLimits() throws Exception {
    if (deployment.workers().size() < 2) {
      deployment.addWorker();
    }
    ScaleResult result = new ScaleRun(deployment, settings, receiver).run(ScaleNode.Stop.KILL);
    System.out.println("ScaleOutIT " + result.summary());
    assertThat(result.problems()).isEmpty();
  }

  @AfterAll
  void tearDown() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
    if (deployment != null) {
      deployment.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
