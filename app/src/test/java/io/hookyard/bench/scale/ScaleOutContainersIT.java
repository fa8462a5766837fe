package io.hookyard.bench.scale;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link ScaleOutIT} against Testcontainers' Kafka ({@code apache/kafka}, KRaft) and PostgreSQL
 * instead of the in-process servers: {@code ./mvnw verify -Pcontainers} on a machine with Docker.
 * Skipped without the profile, and skipped cleanly where no Docker engine answers (CI here).
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIfSystemProperty(named = "hookyard.it.containers", matches = "true")
class ScaleOutContainersIT extends ScaleOutIT {

  @Override
  ScaleCluster cluster(Path dir) {
    return new ContainerCluster();
  }
}
