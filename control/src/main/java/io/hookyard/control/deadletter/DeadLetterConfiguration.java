package io.hookyard.control.deadletter;

import io.hookyard.control.delivery.DeliveryWriter;
import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

  @Bean
  DeadLetterSink deadLetterSink(KafkaConnection kafka, DeadLetterStore store) {
    return new DeadLetterSink(new ReactorKafkaDeadLetterFeed(kafka), store);
  }

  @Bean
  Replayer deadLetterReplayer(DeliveryWriter controlDeliveryWriter) {
    return controlDeliveryWriter::write;
  }

  @Bean
  DeadLetterStore deadLetterStore(DatabaseClient db) {
    return new DeadLetterStore(db);
  }
}
