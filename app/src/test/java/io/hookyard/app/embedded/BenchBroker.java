package io.hookyard.app.embedded;

import java.nio.file.Path;

/**
 * The broker embedded mode runs, for a benchmark's baseline that must stand on the same kind of
 * single-node KRaft broker as Hookyard (the bare chain of {@code bench/e2e.sh}).
 */
public final class BenchBroker implements AutoCloseable {
  private final EmbeddedKafka kafka;

  private BenchBroker(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  public static BenchBroker start(Path dir) throws Exception {
    return new BenchBroker(EmbeddedKafka.start(dir));
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public void close() {
    kafka.close();
  }
}
