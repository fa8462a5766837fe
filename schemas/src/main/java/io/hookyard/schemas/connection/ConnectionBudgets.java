package io.hookyard.schemas.connection;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.id.ConnectionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One budget per connection for its vendor's API quota, shared by every sync and destination of
 * that connection in this process (vendors.md §16). A budget spaces calls evenly at the vendor's
 * documented rate — HubSpot's 100 per 10 s for OAuth apps and Starter, 190 for Pro and Enterprise
 * private apps (setting {@code requests_per_10s}) — and stops every caller when the vendor says so:
 * a 429's {@code Retry-After}, or a quota header showing nothing left. Throttling is never a
 * failure.
 *
 * <p>Our own small class rather than resilience4j's RateLimiter: the pause must come from the
 * vendor's answer (Retry-After, remaining-quota headers), which a RateLimiter cannot take, and
 * schemas is the one module syncs (ingest) and destinations (dispatch) share.
 */
public final class ConnectionBudgets {
  private final Clock clock;
  private final Map<ConnectionId, Budget> budgets = new ConcurrentHashMap<>();

  public ConnectionBudgets(Clock clock) {
    this.clock = clock;
  }

  /** The connection's budget; its rate follows the connection's current settings. */
  public Budget budget(ConnectionConfig connection) {
    Duration spacing = spacing(connection);
    Budget budget = budgets.computeIfAbsent(connection.id(), id -> new Budget(clock, spacing));
    budget.spacing = spacing;
    return budget;
  }

  /** The least time between two calls to the vendor, or zero where it publishes no rate. */
  static Duration spacing(ConnectionConfig connection) {
    Object custom = connection.settings().get("requests_per_10s");
    int per10s =
        custom instanceof Number n && n.intValue() > 0
            ? n.intValue()
            : switch (connection.vendor()) {
              case "hubspot" -> 100;
              case "exact-online" -> 10; // 60 per minute per division
              default -> 0;
            };
    return per10s == 0 ? Duration.ZERO : Duration.ofNanos(10_000_000_000L / per10s);
  }

  /** One connection's budget. Thread-safe. */
  public static final class Budget {
    private final Clock clock;
    private volatile Duration spacing;
    private Instant nextSlot = Instant.EPOCH;
    private Instant pausedUntil = Instant.EPOCH;
    private long throttles;

    Budget(Clock clock, Duration spacing) {
      this.clock = clock;
      this.spacing = spacing;
    }

    /** Takes the next slot: how long the caller must wait before its call starts (0: now). */
    public synchronized Duration reserve() {
      Instant now = clock.instant();
      Instant start = max(max(now, nextSlot), pausedUntil);
      nextSlot = start.plus(spacing);
      return Duration.between(now, start);
    }

    /** The vendor answered 429 (or its equivalent): nobody calls before {@code retryAfter}. */
    public synchronized void throttled(Duration retryAfter) {
      throttles++;
      pausedUntil = max(pausedUntil, clock.instant().plus(retryAfter));
    }

    /** Throttles seen so far, for metrics. */
    public synchronized long throttles() {
      return throttles;
    }

    /**
     * Reads the vendor's quota headers from an answer: HubSpot's {@code
     * X-HubSpot-RateLimit-Remaining} of 0 pauses for its {@code -Interval-Milliseconds}, and a
     * {@code X-HubSpot-RateLimit-Daily-Remaining} of 0 for an hour (the daily reset is at midnight
     * in the account's time zone, which we cannot know); {@code X-RateLimit-Remaining} of 0 with an
     * {@code X-RateLimit-Reset} (Unix seconds or milliseconds, or — Pipedrive — the seconds left in
     * the window) pauses until then.
     */
    public void observe(Function<String, String> header) {
      Instant now = clock.instant();
      if ("0".equals(header.apply("X-HubSpot-RateLimit-Remaining"))) {
        long interval = parse(header.apply("X-HubSpot-RateLimit-Interval-Milliseconds"), 10_000);
        pause(now.plusMillis(interval));
      }
      if ("0".equals(header.apply("X-HubSpot-RateLimit-Daily-Remaining"))) {
        pause(now.plus(Duration.ofHours(1)));
      }
      if ("0".equals(header.apply("X-RateLimit-Remaining"))) {
        long reset = parse(header.apply("X-RateLimit-Reset"), 0);
        if (reset > 0) {
          pause(
              reset > 100_000_000_000L
                  ? Instant.ofEpochMilli(reset)
                  : reset < 1_000_000_000L
                      ? now.plusSeconds(reset) // seconds left in the window (Pipedrive)
                      : Instant.ofEpochSecond(reset));
        }
      }
    }

    private synchronized void pause(Instant until) {
      pausedUntil = max(pausedUntil, until);
    }

    private static long parse(String text, long fallback) {
      try {
        return text == null ? fallback : Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    private static Instant max(Instant a, Instant b) {
      return a.isAfter(b) ? a : b;
    }
  }
}
