package io.hookyard.control.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats/deliveries?window=1h|24h&endpoint_id=…}: the tenant's (or one
 * endpoint's) attempts over the last hour in one-minute buckets, or the last day in 15-minute
 * buckets: how many succeeded and failed, and the median and 99th percentile of the response time,
 * per bucket and over the whole window. Read from the attempt sink's rollup per endpoint and minute
 * ({@code attempt_minutes}, V104), so a day is at most 1,440 rows per endpoint however many
 * attempts it held; the percentiles come from its latency histograms and are accurate to the bucket
 * ({@link LatencyHistogram}). Buckets without attempts are left out.
 */
@RestController
class StatsController {
  private final DatabaseClient db;

  StatsController(DatabaseClient db) {
    this.db = db;
  }

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Bucket(Instant start, long succeeded, long failed, Long p50Ms, Long p99Ms) {}

  /**
   * @param failureRate failed attempts over all attempts in the window; null without attempts
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Totals(long succeeded, long failed, Double failureRate, Long p50Ms, Long p99Ms) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Deliveries(
      String window,
      String endpointId,
      String step,
      Instant since,
      Instant until,
      Totals totals,
      List<Bucket> buckets) {}

  @GetMapping("/api/v1/stats/deliveries")
  Mono<Deliveries> deliveries(
      Principal principal,
      @RequestParam(required = false) String window,
      @RequestParam(name = "endpoint_id", required = false) String endpointId) {
    TenantId tenant = principal.requireTenant();
    String chosen = window == null ? "1h" : window;
    Duration length;
    Duration step;
    switch (chosen) {
      case "1h" -> {
        length = Duration.ofHours(1);
        step = Duration.ofMinutes(1);
      }
      case "24h" -> {
        length = Duration.ofDays(1);
        step = Duration.ofMinutes(15);
      }
      default -> throw ApiException.badRequest("invalid_window", "window is 1h or 24h");
    }
    Instant until = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    Instant since = until.minus(length);
    DatabaseClient.GenericExecuteSpec minutes =
        db.sql(
                "select minute, succeeded, failed, latency from attempt_minutes"
                    + " where tenant_id = :tenant"
                    + (endpointId == null ? "" : " and endpoint_id = :endpoint")
                    + " and minute >= :since and minute < :until")
            .bind("tenant", tenant.value())
            .bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
            .bind("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
    if (endpointId != null) {
      minutes = minutes.bind("endpoint", endpointId);
    }
    Mono<Deliveries> read =
        minutes
            .map(
                row ->
                    new Minute(
                        row.get("minute", OffsetDateTime.class).toInstant(),
                        row.get("succeeded", Long.class),
                        row.get("failed", Long.class),
                        row.get("latency", Integer[].class)))
            .all()
            .collect(() -> new Window(since, step), Window::add)
            .map(w -> w.deliveries(chosen, endpointId, until));
    Mono<Void> known =
        endpointId == null
            ? Mono.empty()
            : db.sql("select 1 from endpoints where tenant_id = :tenant and id = :id")
                .bind("tenant", tenant.value())
                .bind("id", endpointId)
                .map(row -> Boolean.TRUE)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", endpointId)))
                .then();
    return known.then(read);
  }

  private record Minute(Instant start, long succeeded, long failed, Integer[] latency) {}

  /** Sums the rollup's minutes of one window into its buckets and its totals. */
  private static final class Window {
    private final Instant since;
    private final Duration step;
    private final Sums all = new Sums();
    private final SortedMap<Instant, Sums> buckets = new TreeMap<>();

    Window(Instant since, Duration step) {
      this.since = since;
      this.step = step;
    }

    void add(Minute minute) {
      long steps = Duration.between(since, minute.start()).toSeconds() / step.toSeconds();
      Instant bucket = since.plus(step.multipliedBy(steps));
      buckets.computeIfAbsent(bucket, b -> new Sums()).add(minute);
      all.add(minute);
    }

    Deliveries deliveries(String window, String endpointId, Instant until) {
      List<Bucket> list = new ArrayList<>();
      buckets.forEach(
          (start, sums) ->
              list.add(
                  new Bucket(
                      start,
                      sums.succeeded,
                      sums.failed,
                      sums.latency.percentile(0.5),
                      sums.latency.percentile(0.99))));
      long n = all.succeeded + all.failed;
      Totals totals =
          new Totals(
              all.succeeded,
              all.failed,
              n == 0 ? null : (double) all.failed / n,
              all.latency.percentile(0.5),
              all.latency.percentile(0.99));
      return new Deliveries(window, endpointId, step.toString(), since, until, totals, list);
    }
  }

  private static final class Sums {
    long succeeded;
    long failed;
    final LatencyHistogram latency = new LatencyHistogram();

    void add(Minute minute) {
      succeeded += minute.succeeded();
      failed += minute.failed();
      latency.add(minute.latency());
    }
  }
}
