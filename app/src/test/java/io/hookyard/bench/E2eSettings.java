package io.hookyard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The knobs of {@code bench/e2e.sh}, from {@code name=value} arguments: {@code sides=bare,hookyard
 * entries=publish,in rates=200,500,1000 seconds=20 first=60 events=20000 connections=32 fanout=1000
 * drain=90 rest=20 idle=30 windows=1 jar=app/target/hookyard/hookyard.jar}; {@code
 * BENCH_HOOKYARD_ARGS} adds Hookyard settings. Idle is measured {@code rest} seconds after the last
 * load, over {@code windows} consecutive windows of {@code idle} seconds each (more than one shows
 * how idle settles as the JIT compiler finishes with the idle paths).
 */
record E2eSettings(
    List<String> sides,
    List<String> entries,
    List<Integer> rates,
    Duration seconds,
    Duration firstMinute,
    int events,
    int connections,
    int fanout,
    Duration drain,
    Duration idleSettle,
    Duration idle,
    int idleWindows,
    Path jar,
    List<String> hookyardArgs) {

  static E2eSettings parse(String[] args) {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("name=value expected: " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String extra = System.getenv().getOrDefault("BENCH_HOOKYARD_ARGS", "").trim();
    return new E2eSettings(
        List.of(a.getOrDefault("sides", "bare,hookyard").split(",")),
        List.of(a.getOrDefault("entries", "publish,in").split(",")),
        Arrays.stream(a.getOrDefault("rates", "200,500,1000").split(","))
            .map(Integer::parseInt)
            .toList(),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "20"))),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("first", "60"))),
        Integer.parseInt(a.getOrDefault("events", "20000")),
        Integer.parseInt(a.getOrDefault("connections", "32")),
        Integer.parseInt(a.getOrDefault("fanout", "1000")),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("drain", "90"))),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("rest", "20"))),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("idle", "30"))),
        Integer.parseInt(a.getOrDefault("windows", "1")),
        Path.of(a.getOrDefault("jar", "app/target/hookyard/hookyard.jar")),
        extra.isEmpty() ? List.of() : new ArrayList<>(List.of(extra.split("\\s+"))));
  }
}
