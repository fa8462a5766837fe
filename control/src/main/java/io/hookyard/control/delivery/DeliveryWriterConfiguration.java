package io.hookyard.control.delivery;

import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeliveryWriterConfiguration {

  @Bean(destroyMethod = "close")
  DeliveryWriter controlDeliveryWriter(KafkaConnection kafka) {
    return new DeliveryWriter(kafka);
  }
}
