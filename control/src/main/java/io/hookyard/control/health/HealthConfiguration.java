package io.hookyard.control.health;

import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

  @Bean(destroyMethod = "close")
  TenantEvents controlTenantEvents(KafkaConnection kafka) {
    return new ReactorKafkaTenantEvents(kafka);
  }

  @Bean
  EndpointHealth endpointHealth(
      DatabaseClient db,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      TenantEvents controlTenantEvents,
      @Value("${hookyard.control.disable-after-failures:100}") int disableAfterFailures) {
    if (disableAfterFailures < 1) {
      throw new IllegalArgumentException(
          "hookyard.control.disable-after-failures must be positive");
    }
    return new EndpointHealth(db, tx, outbox, relay, controlTenantEvents, disableAfterFailures);
  }
}
