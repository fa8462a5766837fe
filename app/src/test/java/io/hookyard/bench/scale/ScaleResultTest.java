package io.hookyard.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.bench.scale.ScaleReceiver.Arrival;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The judge of {@link ScaleOutIT}: it must see what a broken hand-over would look like. */
class ScaleResultTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();
  private static final ScaleSettings SETTINGS =
      new ScaleSettings(
          120, 1, 60, List.of(ScaleNode.Stop.TERM), Duration.ofMinutes(1), Path.of("x.jar"));

  private final Set<String> marks = new LinkedHashSet<>();
  private final List<Arrival> arrivals = new ArrayList<>();

  /** One owner: a request a second, 120 events over two minutes. */
  private void paced(int count, long startNanos, long spacingNanos) {
    for (int k = 0; k < count; k++) {
      String mark = "e0-" + (marks.size()) + "-term";
      marks.add(mark);
      arrivals.add(new Arrival(0, mark, "msg_" + mark, startNanos + k * spacingNanos));
    }
  }

  private ScaleResult result() {
    return new ScaleResult(
        SETTINGS, ScaleNode.Stop.TERM, marks, arrivals, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void oneOwnerAtTheLimitHolds() {
    paced(120, 0, SECOND);
    assertThat(result().problems()).isEmpty();
    assertThat(result().worstRatio()).isEqualTo(1.0);
  }

  @Test
  void twoOwnersOfOneEndpointForTenSecondsGoOverTheLimit() {
    paced(60, 0, SECOND);
    // the new owner starts while the old one still sends for ten more seconds
    paced(60, 50 * SECOND + SECOND / 2, SECOND);
    assertThat(result().problems()).anyMatch(p -> p.contains("above 61 requests in a minute"));
  }

  @Test
  void aLostEventARepeatUnderAnotherIdAndAMisroutedRequestAreReported() {
    paced(10, 0, SECOND);
    marks.add("e0-lost-term");
    Arrival first = arrivals.get(0);
    arrivals.add(new Arrival(0, first.mark(), "msg_other", 20 * SECOND));
    arrivals.add(new Arrival(0, "e3-9-term", "msg_x", 21 * SECOND));
    assertThat(result().problems())
        .anyMatch(p -> p.startsWith("1 of "))
        .anyMatch(p -> p.contains("under another webhook-id"))
        .anyMatch(p -> p.contains("at the wrong endpoint"));
  }
}
