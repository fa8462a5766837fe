package io.hookyard.bench.faults;

import io.hookyard.app.support.ApiClient;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** What the API's attempt log and dead letters say after a scenario, read page by page. */
final class FaultAttempts {
  private FaultAttempts() {}

  /**
   * Waits until the succeeded attempts the API lists for the tenant's endpoints are as many as the
   * 2xx answers the receiver gave, or {@code max} passed; says how far it got.
   */
  static String await(FaultTenant tenant, FaultReceiver receiver, Duration max)
      throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + max.toNanos();
    long logged = 0;
    long answered = 0;
    while (System.nanoTime() < deadline) {
      answered = receiver.answeredOk();
      logged = succeeded(tenant);
      if (logged >= answered) {
        break;
      }
      Thread.sleep(2000);
    }
    return String.format(
        java.util.Locale.ROOT,
        "%,d succeeded attempts logged for %,d 2xx answers (%s in %.0f s)",
        logged,
        answered,
        logged >= answered ? "caught up" : "NOT caught up",
        (System.nanoTime() - t0) / 1e9);
  }

  /** Dead letters not replayed yet, across the tenant's endpoints. */
  static long deadLetters(FaultTenant tenant) {
    long n = 0;
    String cursor = null;
    do {
      ApiClient.Response page =
          tenant
              .api()
              .get("/api/v1/dead-letters?limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
      for (JsonNode letter : page.body().path("data")) {
        if (letter.path("replayed_at").isNull() || letter.path("replayed_at").isMissingNode()) {
          n++;
        }
      }
      cursor = next(page);
    } while (cursor != null);
    return n;
  }

  /**
   * Waits until {@code expected} dead letters are there (or {@code max} passed); answers the count.
   */
  static long awaitDeadLetters(FaultTenant tenant, long expected, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long n = deadLetters(tenant);
    while (n < expected && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      n = deadLetters(tenant);
    }
    return n;
  }

  private static long succeeded(FaultTenant tenant) {
    long n = 0;
    for (String endpoint : tenant.endpoints()) {
      String cursor = null;
      do {
        ApiClient.Response page =
            tenant
                .api()
                .get(
                    "/api/v1/endpoints/"
                        + endpoint
                        + "/attempts?status=succeeded&limit=500"
                        + (cursor == null ? "" : "&cursor=" + cursor));
        n += page.body().path("data").size();
        cursor = next(page);
      } while (cursor != null);
    }
    return n;
  }

  private static String next(ApiClient.Response page) {
    JsonNode next = page.body().path("next_cursor");
    return next.isNull() || next.isMissingNode() || next.asString().isEmpty()
        ? null
        : next.asString();
  }
}
