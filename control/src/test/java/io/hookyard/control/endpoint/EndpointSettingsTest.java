package io.hookyard.control.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EndpointSettingsTest {

  @Test
  void aRotatedOutSecretSignsForADayByDefault() {
    assertThat(bind(Map.of()).secretRotationOverlap()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void bindsTheOverlapFromHookyardControl() {
    assertThat(bind(Map.of("hookyard.control.secret-rotation-overlap", "2h")))
        .isEqualTo(new EndpointSettings(Duration.ofHours(2)));
  }

  @Test
  void refusesOverlapsThatMakeNoSense() {
    assertThatThrownBy(() -> bind(Map.of("hookyard.control.secret-rotation-overlap", "0s")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("secret-rotation-overlap");
    assertThatThrownBy(() -> new EndpointSettings(Duration.ofDays(8)))
        .hasMessageContaining("secret-rotation-overlap");
  }

  private static EndpointSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("hookyard.control", EndpointSettings.class);
  }
}
