package io.hookyard.app.observability;

import io.hookyard.schemas.trace.Tracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tracing is on exactly when spans have somewhere to go: an OTLP endpoint, as {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), which Spring Boot
 * maps onto {@value #OTLP_ENDPOINT}, or that property itself. Then Boot's OpenTelemetry SDK (its
 * sampler, {@code management.tracing.sampling.probability}, batch processor and OTLP/HTTP exporter)
 * makes the spans of ingest, routing and every attempt ({@link Tracing}), and Micrometer Tracing's
 * bridge puts the current trace and span ids into the logging MDC ({@code traceId}, {@code
 * spanId}), where structured logs pick them up.
 *
 * <p>Otherwise nothing is recorded: {@link Tracing#off()} only passes an incoming {@code
 * traceparent} through, and Micrometer gets no-op tracer and propagator beans in place of Boot's
 * OpenTelemetry ones, so the API's own request observations make no spans either.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {
  /** Where Spring Boot's OTLP span exporter sends; set from the OpenTelemetry variables too. */
  public static final String OTLP_ENDPOINT =
      "management.opentelemetry.tracing.export.otlp.endpoint";

  private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

  @Bean
  Tracing tracing(Environment environment, ObjectProvider<OpenTelemetry> openTelemetry) {
    if (!environment.containsProperty(OTLP_ENDPOINT)) {
      return Tracing.off();
    }
    log.info("tracing on: spans are exported over OTLP ({} is set)", OTLP_ENDPOINT);
    return Tracing.on(openTelemetry.getObject());
  }

  /** No OTLP endpoint: Micrometer's observations trace nothing. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(NotExporting.class)
  static class Off {
    @Bean
    Tracer micrometerNoopTracer() {
      return Tracer.NOOP;
    }

    @Bean
    Propagator micrometerNoopPropagator() {
      return Propagator.NOOP;
    }
  }

  static final class NotExporting extends NoneNestedConditions {
    NotExporting() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(OTLP_ENDPOINT)
    static final class Exporting {}
  }
}
