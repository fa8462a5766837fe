package io.hookyard.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded mode's promise: what was written to Kafka and PostgreSQL is still there after a
 * restart on the same data folder, transactions work on the single-node broker, and a restart
 * survives its old ports being taken.
 */
class EmbeddedInfrastructureIT {
  private static final String TOPIC = "embedded-restart";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void keepsRecordsAndRowsAcrossRestarts() throws Exception {
    String bootstrap;
    try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true, true)) {
      Map<String, Object> properties = infra.properties();
      bootstrap = (String) properties.get("hookyard.kafka.bootstrap-servers");
      assertThat(bootstrap).startsWith("127.0.0.1:");
      assertThat((String) properties.get("hookyard.r2dbc.url"))
          .matches("r2dbc:postgresql://127\\.0\\.0\\.1:\\d+/postgres");
      assertThat(Path.of((String) properties.get("hookyard.blob.dir"))).isDirectory();

      createTopic(bootstrap, TOPIC);
      produce(bootstrap, "plain");
      produceTransactionally(bootstrap, "transactional");
      try (Connection db = connect(properties);
          Statement sql = db.createStatement()) {
        sql.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT NOT NULL)");
        sql.execute("INSERT INTO note VALUES (1, 'kept')");
      }
    }

    try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true, true)) {
      Map<String, Object> properties = infra.properties();
      assertThat(properties.get("hookyard.kafka.bootstrap-servers")).isEqualTo(bootstrap);
      assertThat(readCommitted(bootstrap, 2)).containsExactly("plain", "transactional");
      try (Connection db = connect(properties);
          Statement sql = db.createStatement();
          ResultSet rows = sql.executeQuery("SELECT body FROM note WHERE id = 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("kept");
      }
    }
  }

  @Test
  void restartsOnNewPortsWhenTheSavedOnesAreTaken() throws Exception {
    String oldBootstrap;
    try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true, true)) {
      oldBootstrap = (String) infra.properties().get("hookyard.kafka.bootstrap-servers");
      createTopic(oldBootstrap, TOPIC);
      produce(oldBootstrap, "before");
    }
    Properties kafkaPorts = load(dataDir.resolve("kafka/ports.properties"));
    Properties postgresPorts = load(dataDir.resolve("postgres/ports.properties"));

    try (ServerSocket broker = occupy(kafkaPorts.getProperty("broker"));
        ServerSocket controller = occupy(kafkaPorts.getProperty("controller"));
        ServerSocket postgres = occupy(postgresPorts.getProperty("postgres"));
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true, true)) {
      Map<String, Object> properties = infra.properties();
      String bootstrap = (String) properties.get("hookyard.kafka.bootstrap-servers");
      assertThat(bootstrap).isNotEqualTo("127.0.0.1:" + broker.getLocalPort());
      assertThat((String) properties.get("hookyard.r2dbc.url"))
          .doesNotContain(":" + postgres.getLocalPort() + "/");
      assertThat(load(dataDir.resolve("kafka/ports.properties")).getProperty("controller"))
          .isNotEqualTo(Integer.toString(controller.getLocalPort()));
      // a new topic needs the controller quorum, which now listens on another port
      createTopic(bootstrap, "after-port-change");
      produce(bootstrap, "after");
      produceTransactionally(bootstrap, "after-transactional");
      assertThat(readCommitted(bootstrap, 3))
          .containsExactly("before", "after", "after-transactional");
      try (Connection db = connect(properties);
          Statement sql = db.createStatement();
          ResultSet rows = sql.executeQuery("SELECT 1")) {
        assertThat(rows.next()).isTrue();
      }
    }
  }

  @Test
  void startsOnlyWhatIsAskedFor() {
    try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, false, false)) {
      assertThat(infra.properties()).containsOnlyKeys("hookyard.blob.dir");
    }
    assertThat(dataDir.resolve("blobs")).isDirectory();
    assertThat(dataDir.resolve("kafka")).doesNotExist();
    assertThat(dataDir.resolve("postgres")).doesNotExist();
  }

  @Test
  void stopsWhatStartedWhenAPartFails() throws Exception {
    Files.createDirectories(dataDir.resolve("kafka"));
    Files.writeString(dataDir.resolve("kafka/logs"), "not a directory");

    assertThatIllegalStateException()
        .isThrownBy(() -> EmbeddedInfrastructure.start(dataDir, true, true))
        .withMessageContaining("failed to start");

    // PostgreSQL was stopped again and the folder released: it starts afresh on the same data
    try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, false, true);
        Connection db = connect(infra.properties());
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
    }
  }

  @Test
  void refusesADataFolderThatIsInUse() {
    EmbeddedInfrastructure running = EmbeddedInfrastructure.start(dataDir, false, false);
    try {
      assertThatIllegalStateException()
          .isThrownBy(() -> EmbeddedInfrastructure.start(dataDir, false, false))
          .withMessageContaining("in use");
    } finally {
      running.close();
    }
    EmbeddedInfrastructure.start(dataDir, false, false).close();
  }

  private static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void produce(String bootstrap, String value) throws Exception {
    Map<String, Object> config = producerConfig(bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer
          .send(new ProducerRecord<>(TOPIC, "key", value))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void produceTransactionally(String bootstrap, String value) {
    Map<String, Object> config = producerConfig(bootstrap);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-" + UUID.randomUUID());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPIC, "key", value));
      producer.commitTransaction();
    }
  }

  private static Map<String, Object> producerConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    return config;
  }

  /** Reads the topic from the start, committed records only, until {@code count} arrived. */
  private static List<String> readCommitted(String bootstrap, int count) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  private static Connection connect(Map<String, Object> properties) throws SQLException {
    String url = ((String) properties.get("hookyard.r2dbc.url")).replaceFirst("^r2dbc:", "jdbc:");
    return DriverManager.getConnection(
        url,
        (String) properties.get("hookyard.r2dbc.username"),
        (String) properties.get("hookyard.r2dbc.password"));
  }

  private static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  private static ServerSocket occupy(String port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
    return socket;
  }
}
