package io.hookyard.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where an unordered lane's backlog goes while its circuit is open: held for a probe that comes
 * within {@code maxHold}, else parked, and parked in the shares the endpoint took the last time its
 * circuit closed, not all due at the probe.
 */
class ParkScheduleTest {
  private static final Duration OPEN_FOR = Duration.ofSeconds(2);
  private static final Instant T0 = Instant.parse("2026-12-05T06:00:00Z");
  private static final int IN_FLIGHT = 16;

  private final EndpointConfig endpoint =
      new EndpointConfig(
          EndpointId.next(),
          TenantId.next(),
          URI.create("http://127.0.0.1:9/hook"),
          List.of("*"),
          new SealedSecret("k1", "sealed"),
          Map.of(),
          1_000_000,
          List.of(Duration.ofSeconds(1)),
          false,
          false,
          null,
          null);

  /** Holds 1 s, so a backlog meeting a 2 s opening is parked. */
  private final ParkSchedule schedule = schedule(Duration.ofSeconds(1));

  @Test
  void aBacklogMeetingTheFirstOpeningComesBackAtTheProbe() {
    answered(schedule, 200, 200); // healthy: every request succeeds, each 2 ms
    Instant probe = T0.plus(OPEN_FOR);

    List<Instant> due = park(probe, 100);

    assertThat(due.get(0)).isEqualTo(probe);
    assertThat(Duration.between(due.get(0), due.get(99)))
        .as("nothing known to spread it by but the pace, 2 ms for 16 at once")
        .isLessThan(Duration.ofMillis(100));
  }

  @Test
  void aFlakyEndpointsBacklogComesBackInTheSharesItTakesPerOpening() {
    Instant probe = flaky(schedule);

    List<Instant> due = park(probe, 100);

    assertThat(due.get(0)).isEqualTo(probe);
    assertThat(Duration.between(due.get(0), due.get(51)))
        .as("2 s for every 51 requests its circuit let through last time")
        .isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_100));
  }

  @Test
  void aShareIsAMovingAverageOfRunsAndATurnBeyondMaxParkLooksAgainAfterIt() {
    Instant secondProbe = flaky(schedule);
    schedule.holds(endpoint, secondProbe, Optional.of(secondProbe), 0, IN_FLIGHT); // 51
    schedule.observe(2_000_000, true);
    answered(schedule, 5, 0); // a run of six: its probe, then five failures in a row
    Instant probe = secondProbe.plusMillis(200).plus(OPEN_FOR);
    Instant now = probe.minus(OPEN_FOR);

    Instant first = schedule.due(endpoint, now, Optional.of(probe), 100, IN_FLIGHT, false, false);
    Instant second = schedule.due(endpoint, now, Optional.of(probe), 100, IN_FLIGHT, false, false);
    List<Instant> fresh = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      fresh.add(schedule.due(endpoint, now, Optional.of(probe), 100, IN_FLIGHT, true, false));
    }

    assertThat(Duration.between(first, second))
        .as("2 s over 0.8 × 51 + 0.2 × 6 = 42 requests, not over the last run's 6")
        .isBetween(Duration.ofMillis(45), Duration.ofMillis(50));
    assertThat(fresh.get(fresh.size() - 1))
        .as("a turn beyond max-park set by the share comes back to look again at max-park")
        .isEqualTo(now.plus(Duration.ofMinutes(1)));
  }

  @Test
  void aFailedProbeKeepsTheShareOfTheLastClosedRun() {
    Instant secondProbe = flaky(schedule);
    schedule.holds(endpoint, secondProbe, Optional.of(secondProbe), 0, IN_FLIGHT); // noted
    schedule.observe(2_000_000, false); // its probe fails: open again
    Instant probe = secondProbe.plus(OPEN_FOR);

    List<Instant> due = park(probe, 100);

    assertThat(Duration.between(due.get(0), due.get(51)))
        .as("one failed request is no run: still 2 s per 51")
        .isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_100));
  }

  @Test
  void aRunLongerThanAnOpeningLeavesNoShare() {
    Instant secondProbe = flaky(schedule);
    schedule.holds(endpoint, secondProbe, Optional.of(secondProbe), 0, IN_FLIGHT);
    answered(schedule, 500, 450); // its probe closed it, and it stayed closed for 10 s
    Instant probe = secondProbe.plusSeconds(10).plus(OPEN_FOR);

    List<Instant> due = park(probe, 100);

    assertThat(Duration.between(due.get(0), due.get(99)))
        .as("it took what it was sent for longer than an opening: all due at the probe")
        .isLessThan(Duration.ofMillis(100));
  }

  @Test
  void anEndpointThatNeverSucceededHasNoShareAndComesBackAtTheProbe() {
    answered(schedule, 20, 0); // down from the start: its circuit opened
    schedule.holds(endpoint, T0, Optional.of(T0.plus(OPEN_FOR)), 0, IN_FLIGHT);
    answered(schedule, 16, 0); // the rest of what was in flight, then a failed probe
    Instant probe = T0.plus(OPEN_FOR).plusMillis(10).plus(OPEN_FOR);

    List<Instant> due = park(probe, 100);

    assertThat(Duration.between(due.get(0), due.get(99)))
        .as("failures alone say nothing of what it takes once back: all due at the probe")
        .isLessThan(Duration.ofMillis(100));
  }

  @Test
  void aProbeDueWithinMaxHoldKeepsTheHeadOfTheBacklogInTheLane() {
    ParkSchedule holding = schedule(Duration.ofSeconds(5));
    Instant probe = flaky(holding);
    Instant now = probe.minus(OPEN_FOR);
    Optional<Instant> open = Optional.of(probe);

    assertThat(holding.holds(endpoint, now, open, 0, IN_FLIGHT))
        .as("the probe comes in 2 s, within the 5 s the lane holds")
        .isTrue();
    assertThat(holding.due(endpoint, now, open, 50, IN_FLIGHT, true, true))
        .as("50 ahead: 2 s more at 2 s per 51 is still within 5 s")
        .isNull();
    assertThat(holding.holds(endpoint, now, open, 200, IN_FLIGHT))
        .as("200 ahead: about 10 s, beyond what the lane holds")
        .isFalse();
    assertThat(holding.holds(endpoint, now, Optional.of(now.plusSeconds(300)), 0, IN_FLIGHT))
        .as("a probe 5 minutes away: parked")
        .isFalse();
  }

  @Test
  void onlyABacklogParkedAtThePaceAloneMayComeBackWhenTheLaneHasRoom() {
    answered(schedule, 10, 10); // 2 ms each, 16 at once: 0.125 ms a turn, above the rate limit's
    Optional<Instant> closed = Optional.empty();

    assertThat(schedule.pacedOnly(endpoint, closed, IN_FLIGHT)).isTrue();
    assertThat(schedule.pacedOnly(endpoint, Optional.of(T0.plus(OPEN_FOR)), IN_FLIGHT))
        .as("behind an open circuit it waits for the probe")
        .isFalse();
    assertThat(schedule.pacedOnly(limited(60), closed, IN_FLIGHT))
        .as("a rate limit's turn (1 s) is exact")
        .isFalse();
    assertThat(schedule.room(endpoint, T0, closed, 4_000, IN_FLIGHT))
        .as("4,000 at 0.125 ms: 0.5 s, half of max-hold")
        .isTrue();
    assertThat(schedule.room(endpoint, T0, closed, 4_001, IN_FLIGHT)).isFalse();
    assertThat(schedule.room(endpoint, T0, Optional.of(T0.plusMillis(1)), 0, IN_FLIGHT))
        .as("no room while the circuit is open")
        .isFalse();
  }

  @Test
  void whileTheIntakeHasRoomABacklogOnThePaceAloneIsHeldFourTimesLonger() {
    answered(schedule, 10, 10); // 0.125 ms a turn; max-hold 1 s
    Optional<Instant> closed = Optional.empty();

    assertThat(schedule.due(endpoint, T0, closed, 10_000, IN_FLIGHT, false, false))
        .as("1.25 s of backlog, the intake half full: parked")
        .isNotNull();
    assertThat(schedule.due(endpoint, T0, closed, 10_000, IN_FLIGHT, false, true))
        .as("the same with room in the intake: held")
        .isNull();
    assertThat(schedule.due(endpoint, T0, closed, 40_000, IN_FLIGHT, false, true))
        .as("5 s: beyond four times max-hold")
        .isNotNull();
    assertThat(schedule.due(limited(60), T0, closed, 2, IN_FLIGHT, false, true))
        .as("a rate limit's turns are exact: max-hold, room or not")
        .isNotNull();
  }

  private EndpointConfig limited(int perMinute) {
    return new EndpointConfig(
        endpoint.id(),
        endpoint.tenantId(),
        endpoint.url(),
        endpoint.eventTypes(),
        endpoint.secret(),
        endpoint.plainHeaders(),
        perMinute,
        endpoint.retrySchedule(),
        false,
        false,
        null,
        null);
  }

  private static ParkSchedule schedule(Duration maxHold) {
    return new ParkSchedule(
        new LaneSettings(IN_FLIGHT, maxHold, Duration.ofMinutes(1), 5, OPEN_FOR, 10_000));
  }

  /**
   * An endpoint failing about half its requests: healthy, then its circuit opens at {@link #T0},
   * its probe closes it, and after 50 more requests (half failing, then five in a row) it opens
   * again half a second later. Answers that second opening's probe time, not yet seen.
   */
  private Instant flaky(ParkSchedule s) {
    answered(s, 200, 200);
    s.holds(endpoint, T0, Optional.of(T0.plus(OPEN_FOR)), 0, IN_FLIGHT);
    s.observe(2_000_000, true);
    answered(s, 50, 25);
    return T0.plus(OPEN_FOR).plusMillis(500).plus(OPEN_FOR);
  }

  /** {@code n} requests of 2 ms, the first {@code succeeded} of them succeeding. */
  private static void answered(ParkSchedule s, int n, int succeeded) {
    for (int i = 0; i < n; i++) {
      s.observe(2_000_000, i < succeeded);
    }
  }

  /** Parks {@code n} deliveries at once, just after the circuit opened until {@code probe}. */
  private List<Instant> park(Instant probe, int n) {
    List<Instant> due = new ArrayList<>();
    Instant now = probe.minus(OPEN_FOR);
    for (int i = 0; i < n; i++) {
      due.add(schedule.due(endpoint, now, Optional.of(probe), 100, IN_FLIGHT, false, false));
    }
    return due;
  }
}
