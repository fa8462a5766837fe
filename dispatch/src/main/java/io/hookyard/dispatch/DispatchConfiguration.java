package io.hookyard.dispatch;

import io.hookyard.dispatch.delivery.Dispatcher;
import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Destinations;
import io.hookyard.dispatch.kafka.DeliverySource;
import io.hookyard.dispatch.kafka.DispatchPublisher;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedBacklog;
import io.hookyard.dispatch.kafka.DispatchPublisher.OrderedHeads;
import io.hookyard.dispatch.retry.DelayTiers;
import io.hookyard.dispatch.retry.RetryPolicy;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.dispatch.vendor.Vendors;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.trace.Tracing;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The dispatch role: consumes deliveries, sends webhooks, records attempts. On only when {@code
 * hookyard.roles} names {@code dispatch}. The application supplies {@link KafkaConnection}, {@link
 * ConfigView}, {@link SecretBox}, and the connection services every role shares ({@link
 * ConnectionTokens}, {@link ConnectionBudgets}); everything else is made here, and this is the only
 * Spring class of the module, so the features stay plain Java.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('dispatch')")
@EnableConfigurationProperties({DispatchSettings.class, DestinationSettings.class})
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
  DelayTiers dispatchDelayTiers(
      KafkaConnection kafka,
      DispatchPublisher dispatchPublisher,
      ObjectProvider<MeterRegistry> meterRegistry) {
    MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
    return DelayTiers.of(
        tier -> DeliverySource.delayTier(kafka, tier, dispatchPublisher, meters),
        dispatchPublisher);
  }

  /** Records that are not a delivery go aside to {@code hookyard.deliveries.unreadable}. */
  @Bean
  DeliverySource dispatchDeliverySource(
      KafkaConnection kafka,
      DispatchSettings settings,
      DispatchPublisher dispatchPublisher,
      ObjectProvider<MeterRegistry> meterRegistry) {
    return DeliverySource.reactorKafka(
        kafka,
        settings.maxDeferredCommits(),
        dispatchPublisher,
        meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
  }

  /**
   * The vendor destination engine with every vendor's actions; a vendor's API base URL is replaced
   * by {@code hookyard.connections.vendors.<vendor>.base-url} when set (the property control's
   * connections read too).
   */
  @Bean
  Destinations dispatchDestinations(
      ConfigView config,
      ConnectionTokens connectionTokens,
      ConnectionBudgets connectionBudgets,
      WebhookSender dispatchWebhookSender,
      DestinationSettings destinations,
      Environment environment,
      ObjectProvider<MeterRegistry> meterRegistry) {
    java.util.List<Action> actions = Vendors.actions();
    java.util.Map<String, java.net.URI> baseUrls = new java.util.HashMap<>();
    for (Action action : actions) {
      String url =
          environment.getProperty("hookyard.connections.vendors." + action.type() + ".base-url");
      if (url != null && !url.isBlank()) {
        baseUrls.put(action.type(), java.net.URI.create(url.trim()));
      }
    }
    return new Destinations(
        config,
        connectionTokens,
        connectionBudgets,
        dispatchWebhookSender,
        actions,
        baseUrls,
        destinations.timeout(),
        destinations.authorizationWait(),
        meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  Dispatcher dispatcher(
      KafkaConnection kafka,
      DeliverySource dispatchDeliverySource,
      DispatchPublisher dispatchPublisher,
      ConfigView config,
      SecretBox secrets,
      WebhookSender dispatchWebhookSender,
      Destinations dispatchDestinations,
      DelayTiers dispatchDelayTiers,
      DispatchSettings settings,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Tracing> tracing) {
    MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
    return new Dispatcher(
        dispatchDeliverySource,
        dispatchPublisher,
        OrderedHeads.kafka(kafka, dispatchPublisher),
        OrderedBacklog.kafka(kafka, dispatchPublisher),
        config,
        secrets,
        dispatchWebhookSender,
        dispatchDestinations,
        new RetryPolicy(
            settings.throttleFloor(),
            settings.maxRetryAfter(),
            java.util.concurrent.ThreadLocalRandom.current()::nextDouble),
        dispatchDelayTiers,
        settings.lanes(),
        settings.configCatchUp(),
        meters,
        tracing.getIfAvailable(Tracing::off));
  }

  @Bean
  DispatchLifecycle dispatchLifecycle(Dispatcher dispatcher, DelayTiers dispatchDelayTiers) {
    return new DispatchLifecycle(dispatcher, dispatchDelayTiers);
  }
}
