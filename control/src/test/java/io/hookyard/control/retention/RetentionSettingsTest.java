package io.hookyard.control.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

  @Test
  void defaultsKeepThirtyDaysAndPurgeInSmallBatches() {
    RetentionSettings defaults = new RetentionSettings(null, null, 0);
    assertThat(defaults.attempts()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.interval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.batchSize()).isEqualTo(1000);
  }

  @Test
  void refusesAgesAndBatchesThatMakeNoSense() {
    assertThatThrownBy(() -> new RetentionSettings(Duration.ZERO, null, 0))
        .hasMessageContaining("attempts");
    assertThatThrownBy(() -> new RetentionSettings(null, Duration.ofSeconds(-1), 0))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new RetentionSettings(null, null, -5))
        .hasMessageContaining("batch-size");
  }
}
