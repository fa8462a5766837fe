package io.hookyard.app;

import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.connection.TokenRefreshRequest;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.view.ConfigView;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection services the data plane's roles share in one process: one budget per connection
 * for its syncs (ingest) and destinations (dispatch) together, and the access tokens, whose
 * refreshes are asked of control on {@code hookyard.connections.refresh}.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionServicesConfiguration {
  /** How long a caller waits for a refreshed token before its try fails (and is retried). */
  private static final Duration REFRESH_WAIT = Duration.ofSeconds(30);

  @Bean
  @ConditionalOnMissingBean
  ConnectionBudgets connectionBudgets() {
    return new ConnectionBudgets(Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  Producer<String, TokenRefreshRequest> tokenRefreshProducer(KafkaConnection kafka) {
    return new KafkaProducer<>(
        kafka.producer("hookyard-token-refresh-requests"),
        Topics.CONNECTION_REFRESH.keySerde().serializer(),
        Topics.CONNECTION_REFRESH.valueSerde().serializer());
  }

  @Bean
  @ConditionalOnMissingBean
  ConnectionTokens connectionTokens(
      ConfigView configView,
      SecretBox secretBox,
      Producer<String, TokenRefreshRequest> tokenRefreshProducer) {
    return new ConnectionTokens(
        configView, secretBox, tokenRefreshProducer, REFRESH_WAIT, Clock.systemUTC());
  }
}
