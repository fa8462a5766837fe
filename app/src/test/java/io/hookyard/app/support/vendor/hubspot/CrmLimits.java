package io.hookyard.app.support.vendor.hubspot;

import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake.Reply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What stands between an authenticated API call and the CRM fake's objects: HubSpot's rolling 10-s
 * limit per token (190, or as {@link #limit} says; past it 429 with HubSpot's body, {@code
 * policyName: TEN_SECONDLY_ROLLING}, and no Retry-After; every answer carries {@code
 * X-HubSpot-RateLimit-Max}, {@code -Remaining} and {@code -Interval-Milliseconds}), and the faults
 * a test asks for: 429s whatever the window holds, 502s, a delay on every answer.
 */
final class CrmLimits {
  /** The call's rate-limit headers, and the answer that refuses it, or null to let it through. */
  record Admission(Map<String, String> headers, Reply refusal) {}

  private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
  private final Map<String, Integer> limits = new ConcurrentHashMap<>();
  private final AtomicInteger throttled = new AtomicInteger();
  private volatile int failNext;
  private volatile int throttleNext;
  private volatile int delayMillis;

  void limit(String token, int limitPer10s) {
    limits.put(token, limitPer10s);
  }

  void throttleNext(int n) {
    this.throttleNext = n;
  }

  void failNext(int n) {
    this.failNext = n;
  }

  void delay(int millis) {
    this.delayMillis = millis;
  }

  int throttled() {
    return throttled.get();
  }

  /** Counts a call of {@code token} against its limit, after the delay asked for, if any. */
  Admission admit(String token) throws InterruptedException {
    if (delayMillis > 0) {
      Thread.sleep(delayMillis); // the fake's own worker thread
    }
    int limitPer10s = this.limits.getOrDefault(token, 190);
    int remaining = take(token, limitPer10s);
    Map<String, String> headers =
        Map.of(
            "X-HubSpot-RateLimit-Max", Integer.toString(limitPer10s),
            "X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)),
            "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
    if (remaining < 0 || throttleNext > 0) {
      throttleNext = Math.max(0, throttleNext - 1);
      throttled.incrementAndGet();
      return new Admission(
          headers,
          new Reply(
              429,
              "{\"status\":\"error\",\"message\":\"You have reached your"
                  + " ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\","
                  + "\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
    }
    if (failNext > 0) {
      failNext--;
      return new Admission(headers, new Reply(502, "<html>bad gateway</html>"));
    }
    return new Admission(headers, null);
  }

  /** Takes one call from the token's rolling 10-s window; negative when over the limit. */
  private int take(String token, int limitPer10s) {
    Deque<Long> window = calls.computeIfAbsent(token, t -> new ArrayDeque<>());
    synchronized (window) {
      long now = System.currentTimeMillis();
      while (!window.isEmpty() && window.peekFirst() <= now - 10_000) {
        window.pollFirst();
      }
      if (window.size() >= limitPer10s) {
        return -1;
      }
      window.addLast(now);
      return limitPer10s - window.size();
    }
  }
}
