package io.hookyard.ingest.publish;

import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishConfiguration {

  @Bean(destroyMethod = "close")
  EventPublisher eventPublisher(KafkaConnection kafka) {
    return new ReactorKafkaEventPublisher(kafka);
  }
}
