package io.hookyard.dispatch;

import io.hookyard.dispatch.delivery.Dispatcher;
import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatch role: consumes deliveries, sends webhooks, records attempts. On only when {@code
 * hookyard.roles} names {@code dispatch}. The application supplies {@link KafkaConnection}, {@link
 * ConfigView} and {@link SecretBox}; everything else is made here, and this is the only Spring
 * class of the module, so the features stay plain Java.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('dispatch')")
@EnableConfigurationProperties(DispatchSettings.class)
public class DispatchConfiguration {

  @Bean(destroyMethod = "close")
  WebhookSender dispatchWebhookSender(DispatchSettings settings) {
    return new WebhookSender(
        settings.timeout(),
        settings.concurrency(),
        new WebhookSender.TargetRules(settings.allowPrivateTargets(), settings.httpsOnly()),
        java.time.Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  DispatchPublisher dispatchPublisher(KafkaConnection kafka) {
    return DispatchPublisher.kafka(kafka);
  }

  @Bean
  DelayTiers dispatchDelayTiers(KafkaConnection kafka, DispatchPublisher dispatchPublisher) {
    return DelayTiers.of(tier -> DeliverySource.delayTier(kafka, tier), dispatchPublisher);
  }

  @Bean
  DeliverySource dispatchDeliverySource(KafkaConnection kafka, DispatchSettings settings) {
    return DeliverySource.reactorKafka(kafka, settings.maxDeferredCommits());
  }

  @Bean
  Dispatcher dispatcher(
      DeliverySource dispatchDeliverySource,
      DispatchPublisher dispatchPublisher,
      ConfigView config,
      SecretBox secrets,
      WebhookSender dispatchWebhookSender,
      DelayTiers dispatchDelayTiers,
      DispatchSettings settings,
      ObjectProvider<MeterRegistry> meterRegistry) {
    MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
    return new Dispatcher(
        dispatchDeliverySource,
        dispatchPublisher,
        config,
        secrets,
        dispatchWebhookSender,
        new RetryPolicy(
            settings.throttleFloor(),
            settings.maxRetryAfter(),
            java.util.concurrent.ThreadLocalRandom.current()::nextDouble),
        dispatchDelayTiers,
        settings.lanes(),
        settings.configCatchUp(),
        meters);
  }

  @Bean
  DispatchLifecycle dispatchLifecycle(Dispatcher dispatcher, DelayTiers dispatchDelayTiers) {
    return new DispatchLifecycle(dispatcher, dispatchDelayTiers);
  }
}
