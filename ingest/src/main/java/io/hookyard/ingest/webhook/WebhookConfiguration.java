package io.hookyard.ingest.webhook;

import io.hookyard.ingest.archive.BlobStore;
import io.hookyard.ingest.webhook.vendor.VendorAdapters;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean(destroyMethod = "close")
  InboundPublisher inboundPublisher(KafkaConnection kafka) {
    return new ReactorKafkaInboundPublisher(kafka);
  }

  @Bean
  WebhookReceiver webhookReceiver(
      ConfigView view, SecretBox secrets, InboundPublisher publisher, BlobStore blobs) {
    return new WebhookReceiver(
        new Sources(view, secrets, VendorAdapters.all()),
        publisher,
        new Archiver(blobs),
        Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> webhookRoutes(WebhookReceiver receiver) {
    return receiver.routes();
  }
}
