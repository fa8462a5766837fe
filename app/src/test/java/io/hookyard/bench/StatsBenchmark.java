package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * {@code bench/stats.sh}: how long the console's charts take to answer ({@code GET
 * /api/v1/stats/deliveries}, issue 17) with a million attempts in the log. Hookyard in embedded
 * mode, in-process; the attempts are written straight into its PostgreSQL (the attempt log's own
 * table, the same columns the attempt sink writes) in two layouts:
 *
 * <ul>
 *   <li><b>spread</b>: 1,000,000 attempts of 100 tenants over the last 7 days; the measured tenant
 *       has its hundredth, about 1,400 in the last day;
 *   <li><b>one busy tenant</b>: another 1,000,000 attempts, all of one tenant in the last 24 hours
 *       (11.6 a second, on 10 endpoints): the worst case for the 24 h window, every one read.
 * </ul>
 *
 * <p>Each query form (1 h and 24 h, tenant and endpoint) is called 5 times to warm up, then 20
 * times; the median and the slowest are printed, with PostgreSQL's plan of the 24 h tenant read.
 * The attempts written straight into the log are rolled up per minute ({@code attempt_minutes},
 * V104) the way the migration rolls up existing history, then the rollup serves the charts.
 * Arguments: {@code attempts=1000000}.
 */
public final class StatsBenchmark {
  private StatsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int attempts = 1_000_000;
    for (String arg : args) {
      if (arg.startsWith("attempts=")) {
        attempts = Integer.parseInt(arg.substring("attempts=".length()));
      }
    }
    Path dir = Files.createTempDirectory("hookyard-stats");
    try (RunningHookyard hookyard = RunningHookyard.start(dir.resolve("data"))) {
      DatabaseClient db = hookyard.bean(DatabaseClient.class);
      Tenants.Tenant spread = Tenants.create(hookyard, "spread");
      Tenants.Tenant busy = Tenants.create(hookyard, "busy");
      // one real endpoint of the busy tenant, for the endpoint form (its attempts are a tenth)
      String endpoint =
          busy.api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\": \"http://127.0.0.1:9/stats\", \"event_types\": [\"invoice.paid\"]}")
              .body()
              .path("id")
              .asString();
      long t0 = System.nanoTime();
      // spread: tenant i = n % 100 (the measured tenant is number 0), 10 endpoints each, times
      // evenly over 7 days back from now, 3 % failed, response times 5..504 ms
      insert(
          db,
          attempts,
          "case when n % 100 = 0 then :tenant else 'ten_other' || (n % 100) end",
          "case when n % 100 = 0 then 'ep_spread' || (n % 10) else 'ep_other' || (n % 1000) end",
          "now() - (n * interval '7 days' / :count)",
          spread.id());
      insert(
          db,
          attempts,
          ":tenant",
          "case when n % 10 = 3 then '" + endpoint + "' else 'ep_busy' || (n % 10) end",
          "now() - (n * interval '1 day' / :count)",
          busy.id());
      // the charts read the attempt sink's per-minute rollup (V104); rows written straight into
      // the log are rolled up as the migration rolls up the history
      db.sql(
              "insert into attempt_minutes (tenant_id, endpoint_id, minute, succeeded, failed,"
                  + " latency) select tenant_id, endpoint_id, minute, sum(ok), sum(bad),"
                  + " hookyard_histogram(array_agg(bucket), array_agg(ok + bad)) from (select"
                  + " tenant_id, endpoint_id, date_bin(interval '1 minute', created_at, timestamptz"
                  + " '2000-01-01 00:00:00+00') as minute, hookyard_latency_bucket(response_time_ms)"
                  + " as bucket, count(*) filter (where succeeded) as ok, count(*) filter (where not"
                  + " succeeded) as bad from attempts group by 1, 2, 3, 4) as per_bucket group by"
                  + " tenant_id, endpoint_id, minute")
          .then()
          .block(Duration.ofMinutes(10));
      db.sql("analyze attempts").then().block();
      db.sql("analyze attempt_minutes").then().block();
      System.out.printf(
          Locale.ROOT,
          "wrote %,d attempts in %.1f s%n",
          2L * attempts,
          (System.nanoTime() - t0) / 1e9);
      Map<String, String> forms = new LinkedHashMap<>();
      forms.put("spread tenant, 1 h", "/api/v1/stats/deliveries?window=1h");
      forms.put("spread tenant, 24 h", "/api/v1/stats/deliveries?window=24h");
      forms.put("busy tenant, 1 h", "busy:/api/v1/stats/deliveries?window=1h");
      forms.put("busy tenant, 24 h", "busy:/api/v1/stats/deliveries?window=24h");
      forms.put(
          "busy tenant, one endpoint, 24 h",
          "busy:/api/v1/stats/deliveries?window=24h&endpoint_id=" + endpoint);
      System.out.println();
      System.out.println("| query | attempts in the window | median | slowest of 20 |");
      System.out.println("| --- | --- | --- | --- |");
      for (Map.Entry<String, String> form : forms.entrySet()) {
        boolean isBusy = form.getValue().startsWith("busy:");
        ApiClient api = isBusy ? busy.api() : spread.api();
        String path = isBusy ? form.getValue().substring(5) : form.getValue();
        measure(form.getKey(), api, path);
      }
      System.out.println();
      System.out.println("plan of the busy tenant's 24 h rollup read:");
      db.sql(
              "explain (analyze, buffers) select minute, succeeded, failed, latency from"
                  + " attempt_minutes where tenant_id = :tenant and minute >= now() - interval '1"
                  + " day' and minute < now() + interval '1 minute'")
          .bind("tenant", busy.id())
          .map(row -> row.get(0, String.class))
          .all()
          .doOnNext(line -> System.out.println("    " + line))
          .then()
          .block();
    }
  }

  /** Rows n = 1..count, in batches of 100,000 (one statement each). */
  private static void insert(
      DatabaseClient db, int count, String tenant, String endpoint, String time, String tenantId) {
    int batch = 100_000;
    for (int from = 1; from <= count; from += batch) {
      int to = Math.min(count, from + batch - 1);
      db.sql(
              "insert into attempts (id, tenant_id, endpoint_id, webhook_id, event_id, event_type,"
                  + " attempt, succeeded, status_code, response_time_ms, created_at) select"
                  + " 'att_' || md5(:tenant || random()::text || n), "
                  + tenant
                  + ", "
                  + endpoint
                  + ", 'msg_' || n, 'evt_' || n, 'invoice.paid', 1, n % 33 <> 0,"
                  + " case when n % 33 <> 0 then 200 else 500 end, 5 + (n::bigint * 7919) % 500, "
                  + time
                  + " from generate_series(:from, :to) as n")
          .bind("tenant", tenantId)
          .bind("count", count)
          .bind("from", from)
          .bind("to", to)
          .then()
          .block(Duration.ofMinutes(10));
    }
  }

  private static void measure(String name, ApiClient api, String path) {
    ApiClient.Response first = null;
    for (int i = 0; i < 5; i++) {
      first = api.get(path);
      if (first.status() != 200) {
        throw new IllegalStateException(name + ": " + first);
      }
    }
    long[] nanos = new long[20];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      api.get(path);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    var totals = first.body().path("totals");
    long inWindow = totals.path("succeeded").asLong() + totals.path("failed").asLong();
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %.0f ms | %.0f ms |%n",
        name,
        inWindow,
        nanos[nanos.length / 2] / 1e6,
        nanos[nanos.length - 1] / 1e6);
  }
}
