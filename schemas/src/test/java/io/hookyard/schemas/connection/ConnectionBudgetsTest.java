package io.hookyard.schemas.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionBudgetsTest {
  private final Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
  private final ConnectionBudgets budgets = new ConnectionBudgets(Clock.fixed(t0, ZoneOffset.UTC));

  private static ConnectionConfig connection(String vendor, Map<String, Object> settings) {
    return new ConnectionConfig(
        new ConnectionId("con_01jd0000000000000000000000"),
        new TenantId("ten_01jd0000000000000000000000"),
        vendor,
        "token",
        settings,
        new SealedSecret("k", "x"),
        null,
        "connected",
        1);
  }

  @Test
  void hubspotCallsAreSpacedAtItsTenSecondRateAndSharedByEveryCaller() {
    ConnectionBudgets.Budget sync = budgets.budget(connection("hubspot", Map.of()));
    ConnectionBudgets.Budget destination = budgets.budget(connection("hubspot", Map.of()));
    assertThat(sync.reserve()).isEqualTo(Duration.ZERO);
    assertThat(destination.reserve()).isEqualTo(Duration.ofMillis(100));
    assertThat(sync.reserve()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aPlanRateInTheSettingsWins() {
    ConnectionBudgets.Budget budget =
        budgets.budget(connection("hubspot", Map.of("requests_per_10s", 190)));
    budget.reserve();
    assertThat(budget.reserve().toNanos()).isEqualTo(10_000_000_000L / 190);
  }

  @Test
  void retryAfterAndAnEmptyQuotaPauseEveryCaller() {
    ConnectionBudgets.Budget budget = budgets.budget(connection("ms-graph", Map.of()));
    assertThat(budget.reserve()).isEqualTo(Duration.ZERO);
    budget.throttled(Duration.ofSeconds(7));
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(7));
    budget.observe(
        name ->
            switch (name) {
              case "X-HubSpot-RateLimit-Remaining" -> "0";
              case "X-HubSpot-RateLimit-Interval-Milliseconds" -> "10000";
              default -> null;
            });
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(10));
    assertThat(budget.throttles()).isEqualTo(1);
  }

  @Test
  void exactOnlineSpendsSixtyCallsAMinuteAndWaitsForItsMinutelyReset() {
    ConnectionBudgets.Budget budget =
        budgets.budget(connection("exact-online", Map.of("division", 123456)));
    budget.reserve();
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(1));
    long reset = t0.plusSeconds(42).toEpochMilli();
    Map<String, String> headers =
        Map.of(
            "X-RateLimit-Minutely-Remaining", "0",
            "X-RateLimit-Minutely-Reset", Long.toString(reset),
            "X-RateLimit-Remaining", "4210");
    budget.observe(headers::get);
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void aThrottleWithoutRetryAfterStillPauses() {
    ConnectionBudgets.Budget budget = budgets.budget(connection("exact-online", Map.of()));
    budget.throttled(null);
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.throttles()).isEqualTo(1);
  }

  @Test
  void salesforcesDailyAllocationStopsSyncsAtTheConnectionsShare() {
    ConnectionBudgets.Budget budget =
        budgets.budget(connection("salesforce", Map.of("max_api_share", 60)));
    assertThat(budget.allocationSpent()).isEmpty();
    budget.observe(
        name -> name.equals("Sforce-Limit-Info") ? "api-usage=5999/10000, api-bursts=1" : null);
    assertThat(budget.allocationSpent()).isEmpty();
    budget.observe(name -> name.equals("Sforce-Limit-Info") ? "api-usage=6000/10000" : null);
    assertThat(budget.allocationSpent())
        .hasValueSatisfying(
            why -> assertThat(why).contains("60% used (6000 of 10000").contains("of 60%"));
    assertThat(budget.reserve()).as("the share stops syncs; it does not slow others").isZero();

    ConnectionBudgets.Budget standard =
        new ConnectionBudgets(Clock.fixed(t0, ZoneOffset.UTC))
            .budget(connection("salesforce", Map.of()));
    standard.observe(name -> name.equals("Sforce-Limit-Info") ? "api-usage=5000/10000" : null);
    assertThat(standard.allocationSpent()).isPresent(); // the default share is 50 %
  }

  @Test
  void pipedrivesEmptyWindowPausesForTheSecondsItsResetHeaderLeaves() {
    ConnectionBudgets.Budget budget = budgets.budget(connection("pipedrive", Map.of()));
    budget.observe(
        name ->
            switch (name) {
              case "X-RateLimit-Remaining" -> "0";
              case "X-RateLimit-Reset" -> "2"; // seconds left of the 2-second window
              default -> null;
            });
    assertThat(budget.reserve()).isEqualTo(Duration.ofSeconds(2));
    assertThat(budget.throttles()).as("a quota header is no throttle").isZero();
  }
}
