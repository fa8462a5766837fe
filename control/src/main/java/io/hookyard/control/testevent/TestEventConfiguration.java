package io.hookyard.control.testevent;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TestEventConfiguration {

  @Bean(destroyMethod = "close")
  TestDeliveries testDeliveries(KafkaConnection kafka) {
    return new ReactorKafkaTestDeliveries(kafka);
  }

  @Bean
  Samples testEventSamples(EventCatalog catalog, ConfigView view) {
    return new Samples(catalog, view);
  }
}
