package io.hookyard.app;

import io.hookyard.app.support.RunningHookyard;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * {@link EndToEndIT} against the real images of {@code docker-compose.yml} — Kafka in KRaft mode
 * ({@code apache/kafka}) and PostgreSQL — in Testcontainers' containers instead of embedded mode:
 * {@code ./mvnw verify -Pcontainers} on a machine with Docker. Skipped without the profile, and
 * skipped cleanly where no Docker engine answers (CI here).
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIfSystemProperty(named = "hookyard.it.containers", matches = "true")
class EndToEndContainersIT extends EndToEndIT {
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

  @Container
  static final PostgreSQLContainer POSTGRES =
      new PostgreSQLContainer("postgres:17")
          .withDatabaseName("hookyard")
          .withUsername("hookyard")
          .withPassword("hookyard");

  @Override
  RunningHookyard start(Path dir) {
    return RunningHookyard.start(
        dir,
        "--hookyard.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers(),
        "--hookyard.r2dbc.url=r2dbc:postgresql://"
            + POSTGRES.getHost()
            + ":"
            + POSTGRES.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
            + "/hookyard",
        "--hookyard.r2dbc.username=hookyard",
        "--hookyard.r2dbc.password=hookyard",
        // the subscriber is on loopback, which a server install refuses by default
        "--hookyard.dispatch.allow-private-targets=true");
  }
}
