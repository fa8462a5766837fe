package io.hookyard.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DispatchSettingsTest {

  @Test
  void defaultsMatchTheContract() {
    DispatchSettings settings = bind(Map.of());

    assertThat(settings).isEqualTo(DispatchSettings.defaults());
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.concurrency()).isEqualTo(256);
    assertThat(settings.configCatchUp()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.maxDeferredCommits()).isEqualTo(65_536);
    assertThat(settings.throttleFloor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.maxRetryAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.lanes().maxPark()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.lanes().circuitFailures()).isEqualTo(5);
    assertThat(settings.lanes().circuitOpenFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.allowPrivateTargets()).isFalse();
    assertThat(settings.httpsOnly()).isFalse();
    assertThat(settings.lanes().orderedMaxHeld()).isEqualTo(1_000);
  }

  @Test
  void bindsFromHookyardDispatchProperties() {
    DispatchSettings settings =
        bind(
            Map.ofEntries(
                Map.entry("hookyard.dispatch.timeout", "3s"),
                Map.entry("hookyard.dispatch.concurrency", "8"),
                Map.entry("hookyard.dispatch.config-catch-up", "500ms"),
                Map.entry("hookyard.dispatch.max-deferred-commits", "64"),
                Map.entry("hookyard.dispatch.throttle-floor", "5s"),
                Map.entry("hookyard.dispatch.max-retry-after", "10m"),
                Map.entry("hookyard.dispatch.endpoint-concurrency", "4"),
                Map.entry("hookyard.dispatch.max-hold", "2s"),
                Map.entry("hookyard.dispatch.max-park", "20s"),
                Map.entry("hookyard.dispatch.circuit-failures", "3"),
                Map.entry("hookyard.dispatch.circuit-open-for", "30s"),
                Map.entry("hookyard.dispatch.max-buffered", "500"),
                Map.entry("hookyard.dispatch.allow-private-targets", "true"),
                Map.entry("hookyard.dispatch.https-only", "true"),
                Map.entry("hookyard.dispatch.ordered-max-held", "50"),
                Map.entry("hookyard.dispatch.stuck-after", "2m")));

    assertThat(settings)
        .isEqualTo(
            new DispatchSettings(
                Duration.ofSeconds(3),
                8,
                Duration.ofMillis(500),
                64,
                Duration.ofSeconds(5),
                Duration.ofMinutes(10),
                4,
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                3,
                Duration.ofSeconds(30),
                500,
                true,
                true,
                50,
                Duration.ofMinutes(2)));
  }

  @Test
  void refusesACircuitWindowThatWouldNotFitInMemory() {
    // each endpoint's breaker keeps a window of circuit-failures calls: a million ran the fault
    // suite's dispatcher (20 endpoints, 1 GB heap) out of memory
    assertThatThrownBy(() -> bind(Map.of("hookyard.dispatch.circuit-failures", "1000000")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("circuit-failures must be at most 1000");
    assertThat(bind(Map.of("hookyard.dispatch.circuit-failures", "1000")).circuitFailures())
        .isEqualTo(1000);
  }

  @Test
  void refusesValuesThatCannotWork() {
    assertThatThrownBy(() -> bind(Map.of("hookyard.dispatch.concurrency", "-1")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> bind(Map.of("hookyard.dispatch.timeout", "-1s")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "hookyard.dispatch.concurrency", "100",
                        "hookyard.dispatch.max-deferred-commits", "10")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("max-deferred-commits");
    assertThatThrownBy(() -> bind(Map.of("hookyard.dispatch.max-park", "0s")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("max-park");
    assertThatThrownBy(() -> bind(Map.of("hookyard.dispatch.ordered-max-held", "-5")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("ordered-max-held");
  }

  private static DispatchSettings bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("hookyard.dispatch", DispatchSettings.class);
  }
}
