package io.hookyard.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs of {@code bench/faults.sh}, from {@code name=value} arguments: {@code
 * scenarios=kill,broker,postgres,flaky,down,hostile rate=300 seconds=60 endpoints=20 drain=300
 * outage=120 hostile=10000 slow=200 jar=app/target/hookyard.jar}. {@code outage} is how long the
 * broker is away in {@code broker} (a fifth of it) and PostgreSQL in {@code postgres}.
 */
record FaultSettings(
    List<String> scenarios,
    int rate,
    Duration seconds,
    int endpoints,
    Duration drain,
    Duration outage,
    int hostile,
    int slow,
    Path jar) {

  static FaultSettings parse(String... args) {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("name=value expected: " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return new FaultSettings(
        List.of(a.getOrDefault("scenarios", "kill,broker,postgres,flaky,down,hostile").split(",")),
        Integer.parseInt(a.getOrDefault("rate", "300")),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "60"))),
        Integer.parseInt(a.getOrDefault("endpoints", "20")),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("drain", "300"))),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("outage", "120"))),
        Integer.parseInt(a.getOrDefault("hostile", "10000")),
        Integer.parseInt(a.getOrDefault("slow", "200")),
        Path.of(a.getOrDefault("jar", "app/target/hookyard.jar")));
  }
}
