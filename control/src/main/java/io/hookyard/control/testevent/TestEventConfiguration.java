package io.hookyard.control.testevent;

import io.hookyard.control.delivery.DeliveryWriter;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.view.ConfigView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TestEventConfiguration {

  @Bean
  TestDeliveries testDeliveries(DeliveryWriter controlDeliveryWriter) {
    return controlDeliveryWriter::write;
  }

  @Bean
  Samples testEventSamples(EventCatalog catalog, ConfigView view) {
    return new Samples(catalog, view);
  }
}
