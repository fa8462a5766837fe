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
 * <p>A vendor's daily allocation (Salesforce's {@code Sforce-Limit-Info: api-usage=used/limit}, on
 * every answer; vendors.md §9) is kept too: once the share of it in use reaches the connection's
 * {@code max_api_share} (default {@value #DEFAULT_MAX_SHARE}), {@link Budget#allocationSpent()}
 * says so and syncs stop polling, leaving the rest of the org's allocation to its other
 * integrations. Allocations are rolling 24-hour counts, so the reading holds for {@value
 * #ALLOCATION_FRESH_MINUTES} minutes; the next call after that reads it again.
 *
 * <p>Our own small class rather than resilience4j's RateLimiter: the pause must come from the
 * vendor's answer (Retry-After, remaining-quota headers), which a RateLimiter cannot take, and
 * schemas is the one module syncs (ingest) and destinations (dispatch) share.
 */
public final class ConnectionBudgets {
  static final double DEFAULT_MAX_SHARE = 0.5;
  static final long ALLOCATION_FRESH_MINUTES = 10;

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
    budget.maxShare = maxShare(connection);
    return budget;
  }

  /** The connection's {@code max_api_share}: a fraction (0.5) or a percentage (50). */
  static double maxShare(ConnectionConfig connection) {
    Object custom = connection.settings().get("max_api_share");
    if (custom instanceof Number n && n.doubleValue() > 0) {
      double share = n.doubleValue() > 1 ? n.doubleValue() / 100 : n.doubleValue();
      return Math.min(share, 1.0);
    }
    return DEFAULT_MAX_SHARE;
  }

  /** The least time between two calls to the vendor, or zero where it publishes no rate. */
  static Duration spacing(ConnectionConfig connection) {
    Object custom = connection.settings().get("requests_per_10s");
    int per10s =
        custom instanceof Number n && n.intValue() > 0
            ? n.intValue()
            : switch (connection.vendor()) {
              case "hubspot" -> 100;
              case "exact-online" -> 10; // 60 per minute per division (vendors.md §11, §20.6)
              default -> 0;
            };
    return per10s == 0 ? Duration.ZERO : Duration.ofNanos(10_000_000_000L / per10s);
  }

  /** One connection's budget. Thread-safe. */
  public static final class Budget {
    /** A 429 without Retry-After (Exact Online's): the quota headers say the rest. */
    static final Duration NO_RETRY_AFTER = Duration.ofSeconds(1);

    private final Clock clock;
    private volatile Duration spacing;
    private volatile double maxShare = DEFAULT_MAX_SHARE;
    private long dailyUsed = -1;
    private long dailyLimit;
    private Instant dailySeenAt = Instant.EPOCH;
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
      Duration wait = retryAfter == null ? NO_RETRY_AFTER : retryAfter;
      pausedUntil = max(pausedUntil, clock.instant().plus(wait));
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
     * the window) pauses until then; so does Exact Online's {@code X-RateLimit-Minutely-Remaining}
     * of 0 until its {@code X-RateLimit-Minutely-Reset} (Unix milliseconds, vendors.md §20.6);
     * Salesforce's {@code Sforce-Limit-Info} is kept as the daily allocation's reading.
     */
    public void observe(Function<String, String> header) {
      Instant now = clock.instant();
      String limitInfo = header.apply("Sforce-Limit-Info");
      if (limitInfo != null) {
        allocation(limitInfo, now);
      }
      if ("0".equals(header.apply("X-HubSpot-RateLimit-Remaining"))) {
        long interval = parse(header.apply("X-HubSpot-RateLimit-Interval-Milliseconds"), 10_000);
        pause(now.plusMillis(interval));
      }
      if ("0".equals(header.apply("X-HubSpot-RateLimit-Daily-Remaining"))) {
        pause(now.plus(Duration.ofHours(1)));
      }
      if ("0".equals(header.apply("X-RateLimit-Remaining"))) {
        pauseUntilReset(header.apply("X-RateLimit-Reset"));
      }
      if ("0".equals(header.apply("X-RateLimit-Minutely-Remaining"))) {
        pauseUntilReset(header.apply("X-RateLimit-Minutely-Reset"));
      }
    }

    private void pauseUntilReset(String text) {
      long reset = parse(text, 0);
      if (reset > 0) {
        pause(
            reset > 100_000_000_000L
                ? Instant.ofEpochMilli(reset)
                : reset < 1_000_000_000L
                    ? clock.instant().plusSeconds(reset) // seconds left in the window (Pipedrive)
                    : Instant.ofEpochSecond(reset));
      }
    }

    /**
     * Why syncs must not call the vendor now, when the share of its daily allocation in use is at
     * or above the connection's {@code max_api_share}; empty otherwise (or with no fresh reading).
     */
    public synchronized java.util.Optional<String> allocationSpent() {
      if (dailyUsed < 0
          || dailyLimit <= 0
          || dailySeenAt
              .plus(Duration.ofMinutes(ALLOCATION_FRESH_MINUTES))
              .isBefore(clock.instant())
          || dailyUsed < maxShare * dailyLimit) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          "the daily API allocation is "
              + (dailyUsed * 100 / dailyLimit)
              + "% used ("
              + dailyUsed
              + " of "
              + dailyLimit
              + " calls), at or above the connection's max_api_share of "
              + Math.round(maxShare * 100)
              + "%; syncs wait so the org's other integrations keep working");
    }

    /** {@code api-usage=<used>/<limit>}, among the other parts of {@code Sforce-Limit-Info}. */
    private synchronized void allocation(String limitInfo, Instant now) {
      for (String part : limitInfo.split(",")) {
        String p = part.trim();
        if (p.startsWith("api-usage=")) {
          String[] numbers = p.substring("api-usage=".length()).split("/");
          long used = numbers.length == 2 ? parse(numbers[0], -1) : -1;
          long limit = numbers.length == 2 ? parse(numbers[1], -1) : -1;
          if (used >= 0 && limit > 0) {
            dailyUsed = used;
            dailyLimit = limit;
            dailySeenAt = now;
          }
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
