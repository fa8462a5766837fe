package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SyncApi;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.app.support.vendor.exactonline.ExactConnections;
import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync and a destination on the same Exact Online connection share its one budget of 60 calls a
 * minute per division. The fake's minute is compressed to 5 s (60 calls per 5 s), and the
 * connection's rate to match ({@code requests_per_10s} 110: 55 per 5 s, a margin for the jitter of
 * loopback timing); the sync's initial load (one record a page) and a burst of account upserts (two
 * calls each) run at the same time, and the fake never sees more than 60 calls in any of its
 * windows nor has to answer 429 — two budgets of that rate would have sent up to twice as many.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactOnlineSharedBudgetIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int ACCOUNTS = 120;
  private static final int UPSERTS = 50;

  private ExactOnlineFake exact;
  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    exact = new ExactOnlineFake();
    exact.minute(Duration.ofSeconds(5));
    exact.pageSize(1);
    List<String> settings = new ArrayList<>(ExactConnections.settings(exact));
    settings.add("--hookyard.destinations.timeout=PT5S");
    hookyard = RunningHookyard.start(dataDir, settings.toArray(String[]::new));
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    exact.close();
  }

  @Test
  void aSyncAndADestinationOfOneConnectionStayWithinSixtyCallsAMinuteTogether() {
    for (int i = 0; i < ACCOUNTS; i++) {
      exact.put(
          "Accounts",
          String.format("00000000-0000-0000-0000-%012d", i),
          Map.of("Code", "" + (20000 + i), "Name", "Synced " + i));
    }
    Tenant tenant = Tenants.create(hookyard, "Shared Co");
    String connection = ExactConnections.authorized(hookyard, tenant, ",\"requests_per_10s\":110");
    ApiClient.Response endpoint =
        tenant
            .api()
            .post(
                "/api/v1/endpoints",
                "{\"type\":\"exact-online\",\"connection_id\":\""
                    + connection
                    + "\",\"action\":\"upsert_account\",\"event_types\":[\"company.updated\"],"
                    + "\"rate_limit_per_minute\":60000}");
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    String endpointId = endpoint.body().path("id").asString();

    SyncApi syncs = new SyncApi(tenant.api());
    String sync =
        syncs.create(
            connection,
            "{\"entity\":\"accounts\",\"interval\":\"PT1H\",\"since\":\"1970-01-01T00:00:00Z\"}");
    for (int i = 0; i < UPSERTS; i++) {
      String code = "D" + (30000 + i);
      ApiClient.Response published =
          tenant
              .api()
              .post(
                  "/api/v1/events",
                  Json.writeString(
                      Map.of(
                          "type",
                          "company.updated",
                          "subject",
                          code,
                          "data",
                          Map.of("id", code, "code", code, "name", "Upserted " + code))));
      assertThat(published.status()).isEqualTo(202);
    }

    await()
        .atMost(WAIT)
        .until(
            () ->
                DispatchScenario.attempts(tenant.api(), endpointId).stream()
                        .filter(a -> a.path("status").asString().equals("succeeded"))
                        .count()
                    == UPSERTS);
    await()
        .atMost(WAIT)
        .until(
            () ->
                syncs.finished(sync).stream()
                    .anyMatch(r -> r.path("status").asString().equals("succeeded")));

    List<ExactOnlineFake.Call> calls = exact.calls();
    assertThat(calls.size()).as("calls in all").isGreaterThan(ACCOUNTS + 2 * UPSERTS);
    assertThat(exact.maxCallsInAnyMinute())
        .as("calls in the busiest minute")
        .isLessThanOrEqualTo(60);
    assertThat(exact.throttled()).as("429s").isZero();
    Set<Long> syncWindows =
        calls.stream()
            .filter(c -> c.path().contains("/sync/"))
            .map(ExactOnlineFake.Call::window)
            .collect(Collectors.toSet());
    assertThat(
            calls.stream()
                .filter(c -> c.path().contains("/crm/Accounts"))
                .map(ExactOnlineFake.Call::window)
                .filter(syncWindows::contains)
                .count())
        .as("destination calls in minutes the sync was calling too")
        .isGreaterThan(60);
  }
}
