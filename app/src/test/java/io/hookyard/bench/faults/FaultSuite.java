package io.hookyard.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite of {@code docs/reliability.md}: each scenario under steady load (mixed publish
 * API and signed {@code /in} traffic, 20 endpoints, three rate-limited, one ordered), with a
 * receiver that records every {@code webhook-id}. Prints one table; exits 1 when any row lost an
 * accepted event, delivered one under another id or a refused one, or let a breach through.
 *
 * <p>Run by {@code bench/faults.sh [name=value ...]} (see {@link FaultSettings}); {@code
 * FaultSuiteIT} runs a shortened form in CI.
 */
public final class FaultSuite {
  private FaultSuite() {}

  public static void main(String[] args) throws Exception {
    FaultSettings settings = FaultSettings.parse(args);
    List<FaultRow> rows = run(settings, Files.createTempDirectory("hookyard-faults"));
    System.out.println();
    System.out.println(FaultRow.header());
    rows.forEach(row -> System.out.println(row.markdown()));
    boolean held = rows.stream().allMatch(FaultRow::held);
    System.out.println();
    System.out.println(held ? "every row held: 0 lost" : "A ROW DID NOT HOLD");
    System.exit(held ? 0 : 1);
  }

  /** Runs the scenarios {@code settings} names, in a fixed order, under {@code dir}. */
  public static List<FaultRow> run(FaultSettings settings, Path dir) throws Exception {
    List<FaultRow> rows = new ArrayList<>();
    List<String> names = settings.scenarios();
    try (FaultReceiver receiver = new FaultReceiver()) {
      FaultScenarios scenarios = new FaultScenarios(settings, receiver, dir);
      if (names.contains("kill")) {
        rows.add(print(scenarios.kill()));
      }
      if (names.contains("broker")) {
        rows.add(print(scenarios.broker()));
      }
      if (names.contains("postgres")) {
        rows.add(print(scenarios.postgres()));
      }
      if (names.contains("flaky") || names.contains("hostile")) {
        try (FaultApp app =
            scenarios.app(
                "steady",
                "--hookyard.dispatch.circuit-open-for=PT2S",
                FaultScenarios.NO_AUTO_DISABLE)) {
          app.start();
          if (names.contains("flaky")) {
            rows.add(print(scenarios.flaky(app)));
          }
          if (names.contains("hostile")) {
            rows.add(print(scenarios.hostile(app)));
          }
        }
      }
      if (names.contains("down")) {
        rows.add(print(scenarios.down()));
      }
    }
    return rows;
  }

  private static FaultRow print(FaultRow row) {
    System.out.println(row.markdown());
    return row;
  }
}
