package io.hookyard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian's package) as a separate process against one URL with one fixed request, and
 * reads its summary. A per-connection delay between requests turns wrk's closed loop into a roughly
 * fixed rate, for latencies at a given load rather than at saturation.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE = Pattern.compile("\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)");

  /** One wrk run's summary; latencies in milliseconds. */
  record Result(double requestsPerSecond, double p50, double p99, long failures, String command) {}

  private final int threads;
  private final int connections;
  private final Path workDir;

  Wrk(int threads, int connections, Path workDir) {
    this.threads = threads;
    this.connections = connections;
    this.workDir = workDir;
  }

  int connections() {
    return connections;
  }

  /** Sends the same POST for {@code duration}, each connection pausing {@code delayMs} between. */
  Result run(String url, Map<String, String> headers, String body, Duration duration, int delayMs)
      throws IOException, InterruptedException {
    Path script = workDir.resolve("request-" + System.nanoTime() + ".lua");
    Files.writeString(script, lua(headers, body, delayMs), StandardCharsets.UTF_8);
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + duration.toSeconds() + "s",
            "--latency",
            "-s",
            script.toString(),
            url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(output, String.join(" ", command));
  }

  static Result parse(String output, String command) {
    double rate = Double.parseDouble(find(RATE, output, 1));
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher percentiles = PERCENTILE.matcher(output);
    while (percentiles.find()) {
      double ms = millis(percentiles.group(2), percentiles.group(3));
      if (percentiles.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    long failures = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      failures += Long.parseLong(non2xx.group(1));
    }
    Matcher errors = ERRORS.matcher(output);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        failures += Long.parseLong(errors.group(i));
      }
    }
    return new Result(rate, p50, p99, failures, command);
  }

  private static String find(Pattern pattern, String output, int group) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + output);
    }
    return m.group(group);
  }

  private static double millis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  private static String lua(Map<String, String> headers, String body, int delayMs) {
    List<String> lines = new ArrayList<>();
    lines.add("wrk.method = \"POST\"");
    lines.add("wrk.body = [==[" + body + "]==]");
    headers.forEach((k, v) -> lines.add("wrk.headers[\"" + k + "\"] = \"" + v + "\""));
    if (delayMs > 0) {
      lines.add("function delay() return " + delayMs + " end");
    }
    return String.join("\n", lines) + "\n";
  }
}
