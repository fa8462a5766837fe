package io.hookyard.app.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (combined broker and controller, KRaft) inside this JVM, so that Hookyard
 * runs with no external services. It uses Kafka's real server class rather than a test kit, keeps
 * its log under the data folder across restarts, and listens on loopback only.
 *
 * <p>The controller quorum is static ({@code controller.quorum.voters}), not bootstrapped with
 * {@code --standalone}: a static voter's address lives only in the config, so either port may
 * change between starts, whereas a dynamic quorum records the controller's endpoint in the metadata
 * log.
 */
final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String BROKER = "broker";
  private static final String CONTROLLER = "controller";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Map<String, Integer> ports;

  private EmbeddedKafka(KafkaRaftServer server, Map<String, Integer> ports) {
    this.server = server;
    this.ports = ports;
  }

  /** Starts the broker with its files under {@code dir} and returns once it serves requests. */
  static EmbeddedKafka start(Path dir) throws Exception {
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    Map<String, Integer> ports =
        PersistedPorts.resolve(dir.resolve("ports.properties"), List.of(BROKER, CONTROLLER));
    try {
      Properties config = config(logs, ports.get(BROKER), ports.get(CONTROLLER));
      if (!Files.exists(logs.resolve("meta.properties"))) {
        format(dir, config);
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
      EmbeddedKafka kafka = new EmbeddedKafka(server, ports);
      try {
        server.startup();
        kafka.awaitReady();
        return kafka;
      } catch (Exception | Error e) {
        kafka.closeQuietly(e);
        throw e;
      }
    } catch (Exception | Error e) {
      PersistedPorts.release(ports.values());
      throw e;
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + ports.get(BROKER);
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      PersistedPorts.release(ports.values());
    }
  }

  private void closeQuietly(Throwable cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static Properties config(Path logs, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logs.toString());
    // One node: every internal topic must make do with a single replica, or transactions
    // (and so Kafka Streams exactly-once) time out waiting for InitProducerId.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // one node is broker and controller: fencing the only broker leaves every partition without a
    // leader and helps nothing, yet a starved CPU (the fault suite's overloaded runs) delays its
    // 2 s heartbeats past the default 9 s and the controller fenced it, stopping all traffic.
    // The price of a longer session: after a kill -9 the restarted controller keeps the old
    // registration alive for one session and refuses the new one until then, so a crash costs
    // this much on restart, and the broker must be let wait longer than it to register (with 60 s
    // for both, the fault suite's kill -9 restart raced and the broker gave up).
    p.setProperty("broker.session.timeout.ms", "30000");
    p.setProperty("initial.broker.registration.timeout.ms", "150000");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "1");
    return p;
  }

  /** Formats the (still empty) log directory once, with a cluster id that meta.properties keeps. */
  private static void format(Path dir, Properties config) throws IOException {
    Path file = Files.createTempFile(dir, "format-", ".properties");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        config.store(writer, "used once, to format the log directory");
      }
      String[] args = {
        "format",
        "--config",
        file.toString(),
        "--cluster-id",
        Uuid.randomUuid().toString(),
        "--ignore-formatted"
      };
      int status;
      try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        status = StorageTool.execute(args, out);
      }
      if (status != 0) {
        throw new IllegalStateException(
            "formatting the Kafka log directory failed: "
                + output.toString(StandardCharsets.UTF_8));
      }
      log.debug("{}", output.toString(StandardCharsets.UTF_8).trim());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void awaitReady() throws Exception {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) READY_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
