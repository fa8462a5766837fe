package io.hookyard.control.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.TenantId;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats/deliveries?window=1h|24h&endpoint_id=…}: the tenant's (or one
 * endpoint's) attempts over the last hour in one-minute buckets, or the last day in 15-minute
 * buckets: how many succeeded and failed, and the median and 99th percentile of the response time,
 * per bucket and over the whole window. Read from the attempt log through indexes on (tenant,
 * [endpoint,] time) that carry outcome and latency (V101). Buckets without attempts are left out.
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
    String scope =
        " from attempts where tenant_id = :tenant"
            + (endpointId == null ? "" : " and endpoint_id = :endpoint")
            + " and created_at >= :since and created_at < :until";
    String measures =
        "count(*) filter (where succeeded) as ok, count(*) filter (where not succeeded) as bad,"
            + " percentile_disc(0.5) within group (order by response_time_ms) as p50,"
            + " percentile_disc(0.99) within group (order by response_time_ms) as p99";
    Mono<List<Bucket>> buckets =
        bind(
                db.sql(
                    "select date_bin(cast(:step as interval), created_at, :since) as bucket, "
                        + measures
                        + scope
                        + " group by bucket order by bucket"),
                tenant,
                endpointId,
                since,
                until)
            .bind("step", step.toSeconds() + " seconds")
            .map(
                row ->
                    new Bucket(
                        row.get("bucket", OffsetDateTime.class).toInstant(),
                        row.get("ok", Long.class),
                        row.get("bad", Long.class),
                        row.get("p50", Long.class),
                        row.get("p99", Long.class)))
            .all()
            .collectList();
    Mono<Totals> totals =
        bind(db.sql("select " + measures + scope), tenant, endpointId, since, until)
            .map(StatsController::totals)
            .one();
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
    return known.then(
        Mono.zip(totals, buckets)
            .map(
                t ->
                    new Deliveries(
                        chosen, endpointId, step.toString(), since, until, t.getT1(), t.getT2())));
  }

  private static DatabaseClient.GenericExecuteSpec bind(
      DatabaseClient.GenericExecuteSpec spec,
      TenantId tenant,
      String endpointId,
      Instant since,
      Instant until) {
    spec =
        spec.bind("tenant", tenant.value())
            .bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
            .bind("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
    return endpointId == null ? spec : spec.bind("endpoint", endpointId);
  }

  private static Totals totals(Readable row) {
    long ok = row.get("ok", Long.class);
    long bad = row.get("bad", Long.class);
    return new Totals(
        ok,
        bad,
        ok + bad == 0 ? null : (double) bad / (ok + bad),
        row.get("p50", Long.class),
        row.get("p99", Long.class));
  }
}
