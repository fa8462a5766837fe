package io.hookyard.control.attempt;

import io.hookyard.control.health.EndpointHealth;
import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
class AttemptConfiguration {

  @Bean
  AttemptSink attemptSink(KafkaConnection kafka, DatabaseClient db, EndpointHealth health) {
    return new AttemptSink(new ReactorKafkaAttemptFeed(kafka), db, health);
  }
}
