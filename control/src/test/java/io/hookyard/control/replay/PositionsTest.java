package io.hookyard.control.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionsTest {

  @Test
  void aReplayGoesThroughThePartitionsInTurnAndIsDoneWhenEachReachedItsEnd() {
    Positions at =
        new Positions(
            Map.of(
                2,
                new Positions.Span(7, 9),
                0,
                new Positions.Span(5, 5),
                1,
                new Positions.Span(0, 3)));
    assertThat(at.pending()).isEqualTo(1);
    at = at.advanced(1, 3);
    assertThat(at.pending()).isEqualTo(2);
    at = at.advanced(2, 12);
    assertThat(at.partitions().get(2)).as("never past the end").isEqualTo(new Positions.Span(9, 9));
    assertThat(at.pending()).isNull();
  }

  @Test
  void positionsReadBackAsStoredSoARestartResumesWhereTheReplayStood() {
    Positions at = new Positions(Map.of(0, new Positions.Span(4, 10), 5, new Positions.Span(0, 2)));
    byte[] stored = Json.write(at);
    assertThat(Json.read(stored, Positions.class)).isEqualTo(at);
  }

  @Test
  void aBatchIsAFewSecondsOfTheEndpointsRateWithinBounds() {
    ReplaySettings settings = new ReplaySettings(null, 0, null, null, 0, null, null);
    assertThat(settings.batchTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.batchFor(100)).isEqualTo(8);
    assertThat(settings.batchFor(1)).isEqualTo(1);
    assertThat(settings.batchFor(60_000)).isEqualTo(500);
  }
}
