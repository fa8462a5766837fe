package io.hookyard.ingest.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code hookyard.ingest.webhooks{status}}: how long {@code /in/{source}} took to answer, by HTTP
 * status (200 stored, 401 not verified, 404 no such source, 413, 503 Kafka unavailable, …). It
 * stands in for Spring's {@code http.server.requests}, which does not see this route (it is served
 * by reactor-netty directly); the tag set is bounded by the statuses the route answers.
 */
final class WebhookMetrics {
  private final MeterRegistry registry;
  private final ConcurrentMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void answered(int status, long nanos) {
    byStatus.computeIfAbsent(status, this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(int status) {
    return Timer.builder("hookyard.ingest.webhooks")
        .description("POST /in/{source}: time from the request to the answer, by status")
        .tag("status", Integer.toString(status))
        .register(registry);
  }
}
