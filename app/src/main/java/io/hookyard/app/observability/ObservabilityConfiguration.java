package io.hookyard.app.observability;

import io.hookyard.schemas.kafka.KafkaConnection;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The meters operators alert on that no single role owns: consumer lag and delay-tier depth over
 * the whole cluster ({@link ConsumerLag}), and failing syncs ({@link FailingSyncs}, where this
 * instance has the database). {@code deploy/prometheus/alerts.yml} and {@code
 * deploy/grafana/hookyard.json} use them.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  /**
   * @param interval how often the lag is read from Kafka: a few Admin calls per refresh
   */
  @Bean(destroyMethod = "close")
  ConsumerLag consumerLag(
      KafkaConnection kafka,
      @Value("${hookyard.metrics.consumer-lag-interval:PT15S}") Duration interval) {
    return new ConsumerLag(kafka.admin(), interval);
  }

  @Bean(destroyMethod = "close")
  FailingSyncs failingSyncs(
      ObjectProvider<DatabaseClient> db,
      @Value("${hookyard.metrics.failing-syncs-interval:PT30S}") Duration interval) {
    DatabaseClient client = db.getIfUnique();
    return client == null ? null : new FailingSyncs(client, interval);
  }
}
