package io.hookyard.bench.scale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of one scale-out run, from {@code name=value} arguments ({@code bench/scale.sh}) or
 * system properties of the same names prefixed {@code scale.} (the IT): {@code events=20000
 * endpoints=100 limit=60 stops=TERM,KILL jar=app/target/hookyard.jar}.
 *
 * @param events events published, spread evenly over the endpoints (one type per endpoint)
 * @param limit every endpoint's {@code rate_limit_per_minute}; its deliveries take {@code events /
 *     endpoints / limit} minutes, so the stop halfway falls in the middle of the backlog
 * @param drain how long the rest may take to arrive after the stop, on top of the time the limit
 *     itself needs
 */
record ScaleSettings(
    int events, int endpoints, int limit, List<ScaleNode.Stop> stops, Duration drain, Path jar) {

  /** The limit counts per minute, so arrivals are counted in every one-minute window. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** How far above the limit one window may go: 2 %, the bound. */
  static final double TOLERANCE = 0.02;

  ScaleSettings {
    if (events < endpoints || endpoints < 1 || limit < 1 || stops.isEmpty()) {
      throw new IllegalArgumentException("events >= endpoints >= 1, limit >= 1, a stop");
    }
  }

  /** The most arrivals one endpoint may see in one window. */
  int allowedPerWindow() {
    return (int) Math.floor(limit * (1 + TOLERANCE));
  }

  /** The time the limit alone needs for one endpoint's share. */
  Duration paced() {
    return Duration.ofMillis(60_000L * events / endpoints / limit);
  }

  static ScaleSettings parse(Map<String, String> a) {
    return new ScaleSettings(
        Integer.parseInt(a.getOrDefault("events", "20000")),
        Integer.parseInt(a.getOrDefault("endpoints", "100")),
        Integer.parseInt(a.getOrDefault("limit", "60")),
        java.util.Arrays.stream(a.getOrDefault("stops", "TERM,KILL").split(","))
            .map(s -> ScaleNode.Stop.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)))
            .toList(),
        Duration.ofSeconds(Long.parseLong(a.getOrDefault("drain", "240"))),
        Path.of(a.getOrDefault("jar", "app/target/hookyard.jar")));
  }

  static ScaleSettings parse(String... args) {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("name=value expected: " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return parse(a);
  }

  /**
   * The IT's size: {@code ciEvents} unless {@code -Dscale.events=…} (and the other names) say
   * otherwise; the jar is the module's own {@code target/hookyard.jar}.
   */
  static ScaleSettings fromSystemProperties(int ciEvents) {
    Map<String, String> a = new HashMap<>();
    a.put("events", Integer.toString(ciEvents));
    a.put("jar", "target/hookyard.jar");
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("scale.")) {
                a.put(name.substring("scale.".length()), System.getProperty(name));
              }
            });
    return parse(a);
  }
}
