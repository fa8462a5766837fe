package io.hookyard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/startup.sh}: start-up of Hookyard in embedded mode on a fresh data folder, to health
 * UP, for the three ways the build leaves to start it, taken in turn round after round so a passing
 * load touches each alike: the single jar ({@code app/target/hookyard.jar}), the unpacked jar
 * ({@code app/target/hookyard/hookyard.jar}, plain jars on the JVM's own class path), and the
 * unpacked jar with the build's class-data-sharing archive; with {@code aot=<JDK 25 java>}, a
 * fourth: the unpacked jar on that JDK with the AOT cache the {@code aot} profile trained ({@code
 * hookyard.aot}). Prints each start's seconds and the CPU seconds its processes spent until ready,
 * then the medians.
 *
 * <p>Arguments: {@code rounds=5 target=app/target aot=}.
 */
public final class StartupBenchmark {
  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
    Path target = Path.of(a.getOrDefault("target", "app/target")).toAbsolutePath();
    Path unpacked = target.resolve("hookyard");
    Path archive = unpacked.resolve("hookyard.jsa");
    Path hidden = unpacked.resolve("hookyard.jsa.off");
    Map<String, Path> ways = new LinkedHashMap<>();
    ways.put("single jar", target.resolve("hookyard.jar"));
    ways.put("unpacked", unpacked.resolve("hookyard.jar"));
    ways.put("unpacked + CDS archive", unpacked.resolve("hookyard.jar"));
    String aotJava = a.getOrDefault("aot", "");
    Path aotCache = unpacked.resolve("hookyard.aot");
    if (!aotJava.isBlank()) {
      if (!Files.exists(aotCache)) {
        throw new IllegalArgumentException(
            aotCache + " is missing: package with -Dhookyard.aot.java=" + aotJava);
      }
      ways.put("JDK 25 + AOT cache", unpacked.resolve("hookyard.jar"));
    }
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    ways.keySet().forEach(way -> results.put(way, new ArrayList<>()));
    System.out.println("| round | way | ready (s) | CPU until ready (s) |");
    System.out.println("| --- | --- | --- | --- |");
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, Path> way : ways.entrySet()) {
        // E2eSide uses the archive when it lies next to the jar: hide it for "unpacked"
        boolean withArchive = way.getKey().contains("CDS");
        if (!withArchive && Files.exists(archive)) {
          Files.move(archive, hidden);
        }
        try {
          Path dir = Files.createTempDirectory("hookyard-startup");
          String other = way.getKey().contains("AOT") ? aotJava + " -XX:AOTCache=" + aotCache : "";
          try (E2eSide side = E2eSide.hookyard(dir, way.getValue(), List.of(), other)) {
            double cpu = side.cpuNanos() / 1e9;
            results.get(way.getKey()).add(new double[] {side.startSeconds, cpu});
            System.out.printf(
                Locale.ROOT,
                "| %d | %s | %.1f | %.1f |%n",
                round,
                way.getKey(),
                side.startSeconds,
                cpu);
          }
        } finally {
          if (Files.exists(hidden)) {
            Files.move(hidden, archive);
          }
        }
      }
    }
    System.out.println();
    System.out.println("| way | median ready (s) | median CPU until ready (s) |");
    System.out.println("| --- | --- | --- |");
    results.forEach(
        (way, runs) ->
            System.out.printf(
                Locale.ROOT, "| %s | %.1f | %.1f |%n", way, median(runs, 0), median(runs, 1)));
  }

  private static double median(List<double[]> runs, int field) {
    double[] values = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
