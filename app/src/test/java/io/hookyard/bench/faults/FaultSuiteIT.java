package io.hookyard.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of {@code bench/faults.sh} in the shortened form CI runs: the app's own jar
 * killed with {@code kill -9} under load and started again, a receiver failing half its requests at
 * random, a receiver down past the retry schedule and one bulk replay, and a hostile flood beside
 * legitimate traffic, with another tenant's key walking the loaded tenant's resources throughout.
 * It fails on any accepted event lost, any duplicate under another {@code webhook-id}, any refused
 * event delivered, any breach, and a row that did not see what it set up. (The broker and
 * PostgreSQL scenarios run in the full suite.)
 */
class FaultSuiteIT {
  @Test
  void noAcceptedEventIsLostAndNothingHostileGetsThrough(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "hookyard.jar");
    assertThat(jar).as("the app's jar, built by the package phase").exists();
    FaultSettings settings =
        FaultSettings.parse(
            "scenarios=kill,flaky,hostile,down",
            "rate=60",
            // 12 s of load a row (was 20): the kill still lands a third in, with hundreds of
            // events accepted before it and more in flight
            "seconds=12",
            "endpoints=6",
            "drain=240",
            "hostile=900",
            "slow=30",
            "jar=" + jar.toAbsolutePath());
    List<FaultRow> rows = FaultSuite.run(settings, Files.createDirectories(dir.resolve("faults")));
    assertThat(rows).hasSize(4);
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.accepted()).as(row.markdown()).isPositive();
              assertThat(row.held()).as(row.markdown()).isTrue();
            });
  }
}
