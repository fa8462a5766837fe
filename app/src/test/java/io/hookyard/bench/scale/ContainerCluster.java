package io.hookyard.bench.scale;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The servers as the real images {@code docker-compose.yml} runs — Kafka in KRaft mode ({@code
 * apache/kafka}) and PostgreSQL — in Testcontainers' containers, for a machine with a Docker
 * engine. The nodes reach them on their mapped ports.
 */
final class ContainerCluster implements ScaleCluster {
  /** The images of {@code docker-compose.yml}. */
  static final String KAFKA_IMAGE = "apache/kafka:4.2.1";

  static final String POSTGRES_IMAGE = "postgres:17";

  private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
  private final PostgreSQLContainer postgres =
      new PostgreSQLContainer(POSTGRES_IMAGE)
          .withDatabaseName("hookyard")
          .withUsername("hookyard")
          .withPassword("hookyard");

  ContainerCluster() {
    kafka.start();
    try {
      postgres.start();
    } catch (RuntimeException e) {
      kafka.stop();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String r2dbcUrl() {
    return "r2dbc:postgresql://"
        + postgres.getHost()
        + ":"
        + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
        + "/"
        + postgres.getDatabaseName();
  }

  @Override
  public String user() {
    return postgres.getUsername();
  }

  @Override
  public String password() {
    return postgres.getPassword();
  }

  @Override
  public void close() {
    try {
      postgres.stop();
    } finally {
      kafka.stop();
    }
  }
}
