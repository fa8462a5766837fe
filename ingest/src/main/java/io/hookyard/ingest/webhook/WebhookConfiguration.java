package io.hookyard.ingest.webhook;

import io.hookyard.ingest.archive.BlobStore;
import io.hookyard.ingest.inflight.InFlight;
import io.hookyard.ingest.inflight.InFlightSettings;
import io.hookyard.ingest.webhook.vendor.VendorAdapters;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.trace.Tracing;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean(destroyMethod = "close")
  InboundPublisher inboundPublisher(KafkaConnection kafka) {
    return new KafkaInboundPublisher(kafka);
  }

  @Bean
  WebhookReceiver webhookReceiver(
      ConfigView view,
      SecretBox secrets,
      InboundPublisher publisher,
      BlobStore blobs,
      ObjectProvider<MeterRegistry> meterRegistry) {
    Clock clock = Clock.systemUTC();
    return new WebhookReceiver(
        new Sources(view, secrets, VendorAdapters.all()),
        publisher,
        new Archiver(blobs),
        new Refusals(meterRegistry.getIfAvailable(SimpleMeterRegistry::new), clock),
        clock);
  }

  /** {@code /in/{source_id}} on reactor-netty, ahead of WebFlux ({@link WebhookRoute}). */
  @Bean
  NettyRouteProvider webhookRoute(
      WebhookReceiver receiver,
      InFlight inFlight,
      InFlightSettings settings,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Tracing> tracing) {
    return new WebhookRoute(
        receiver,
        new WebhookMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new)),
        inFlight,
        settings.bodyTimeout(),
        tracing.getIfAvailable(Tracing::off));
  }
}
