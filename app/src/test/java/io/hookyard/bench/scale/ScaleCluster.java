package io.hookyard.bench.scale;

import io.hookyard.app.embedded.BenchBroker;
import io.hookyard.app.embedded.BenchPostgres;
import java.nio.file.Path;
import java.util.List;

/**
 * The servers every deployment shares: one Kafka (KRaft) broker and one PostgreSQL. Hookyard
 * creates its topics with six partitions each when it starts, so two dispatchers split them.
 */
interface ScaleCluster extends AutoCloseable {

  String bootstrapServers();

  String r2dbcUrl();

  String user();

  String password();

  @Override
  void close() throws java.io.IOException;

  /** The settings that point a node at these servers instead of embedded ones. */
  default List<String> settings() {
    return List.of(
        "--hookyard.kafka.bootstrap-servers=" + bootstrapServers(),
        "--hookyard.r2dbc.url=" + r2dbcUrl(),
        "--hookyard.r2dbc.username=" + user(),
        "--hookyard.r2dbc.password=" + password());
  }

  /**
   * The single-node KRaft broker and the PostgreSQL that embedded mode runs, here in the test's
   * process (PostgreSQL as its child), reached over loopback like any external server.
   */
  static ScaleCluster local(Path dir) throws Exception {
    // the broker logs every step at INFO; in this process that would bury the test's own output
    for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky")) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
    BenchBroker broker = BenchBroker.start(dir.resolve("kafka"));
    BenchPostgres postgres;
    try {
      postgres = BenchPostgres.start(dir.resolve("postgres"));
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
    return new ScaleCluster() {
      @Override
      public String bootstrapServers() {
        return broker.bootstrapServers();
      }

      @Override
      public String r2dbcUrl() {
        return postgres.r2dbcUrl();
      }

      @Override
      public String user() {
        return postgres.user();
      }

      @Override
      public String password() {
        return postgres.user();
      }

      @Override
      public void close() throws java.io.IOException {
        try {
          postgres.close();
        } finally {
          broker.close();
        }
      }
    };
  }
}
