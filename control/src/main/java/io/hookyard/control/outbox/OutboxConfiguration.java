package io.hookyard.control.outbox;

import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

  @Bean
  OutboxRelay outboxRelay(
      DatabaseClient db, TransactionalOperator tx, KafkaConnection kafka, ConfigView view) {
    return new OutboxRelay(db, tx, new ReactorKafkaConfigPublisher(kafka), view);
  }
}
