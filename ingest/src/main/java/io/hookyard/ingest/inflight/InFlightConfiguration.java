package io.hookyard.ingest.inflight;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InFlightSettings.class)
class InFlightConfiguration {

  /**
   * One bound for every body-reading route of this instance, seen as {@code
   * hookyard.ingest.requests.in.flight} and {@code hookyard.ingest.buffered} (bytes).
   */
  @Bean
  InFlight inFlight(InFlightSettings settings, ObjectProvider<MeterRegistry> registry) {
    InFlight inFlight = new InFlight(settings);
    registry.ifAvailable(
        meters -> {
          Gauge.builder("hookyard.ingest.requests.in.flight", inFlight, InFlight::requests)
              .description(
                  "requests reading or awaiting their answer on /in and POST /api/v1/events")
              .register(meters);
          Gauge.builder("hookyard.ingest.buffered", inFlight, InFlight::bytes)
              .description("bytes of request bodies held by those requests")
              .baseUnit("bytes")
              .register(meters);
        });
    return inFlight;
  }
}
