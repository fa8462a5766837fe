package io.hookyard.ingest.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to {@code /in/{source}} refused before anyone was authenticated (no such source, a bad,
 * missing or stale signature, wrong credentials): anyone on the internet can send them as fast as
 * they like, so each is counted ({@code hookyard.ingest.webhooks.unauthenticated{reason}}) and
 * logged as at most one WARN line per source a minute, with how many there were since the last
 * line. Requests to unknown sources share one line and never name the id they asked for (it is
 * whatever the caller made up).
 */
final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);
  static final Duration LOG_EVERY = Duration.ofMinutes(1);
  static final String UNKNOWN_SOURCE = "unknown_source";

  private final MeterRegistry registry;
  private final Clock clock;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  Refusals(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** A request to an id that names no enabled source. */
  void unknownSource() {
    count(UNKNOWN_SOURCE);
    long due = due("");
    if (due > 0) {
      log.warn("{} request(s) to unknown sources refused since this line last showed", due);
    }
  }

  /** A request to a known source that did not authenticate, for {@code reason}. */
  void unauthenticated(String sourceId, String reason) {
    count(reason);
    long due = due(sourceId);
    if (due > 0) {
      log.warn(
          "source {}: {} unauthenticated request(s) refused since this line last showed"
              + " (latest: {})",
          sourceId,
          due,
          reason);
    }
  }

  private void count(String reason) {
    counters
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("hookyard.ingest.webhooks.unauthenticated")
                    .description("requests to /in/{source} refused unauthenticated, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /**
   * The refusals to report in a line now for this key, this one included, or 0 while the key's last
   * line is less than {@link #LOG_EVERY} old (they are reported with the next line).
   */
  long due(String key) {
    long now = clock.millis();
    Window window = windows.computeIfAbsent(key, k -> new Window());
    synchronized (window) {
      window.count++;
      if (window.loggedAt != Long.MIN_VALUE && now - window.loggedAt < LOG_EVERY.toMillis()) {
        return 0;
      }
      long due = window.count;
      window.count = 0;
      window.loggedAt = now;
      return due;
    }
  }

  private static final class Window {
    long count;
    long loggedAt = Long.MIN_VALUE;
  }
}
