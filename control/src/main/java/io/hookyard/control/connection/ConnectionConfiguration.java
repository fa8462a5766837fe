package io.hookyard.control.connection;

import io.hookyard.control.health.TenantEvents;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionSettings.class)
class ConnectionConfiguration {

  @Bean
  VendorApis vendorApis(ConnectionSettings settings) {
    return new VendorApis(settings);
  }

  @Bean
  VendorClient vendorClient(ConnectionSettings settings) {
    return new VendorClient(settings.timeout());
  }

  @Bean
  ConnectionStore connectionStore(DatabaseClient db, Outbox outbox) {
    return new ConnectionStore(db, outbox);
  }

  @Bean
  OAuthStates oauthStates(DatabaseClient db) {
    return new OAuthStates(db);
  }

  @Bean
  TokenRefresher tokenRefresher(
      KafkaConnection kafka,
      ConnectionStore store,
      VendorApis vendors,
      VendorClient client,
      SealedJson connectionSecrets,
      TransactionalOperator tx,
      OutboxRelay relay,
      TenantEvents controlTenantEvents) {
    return new TokenRefresher(
        new ReactorKafkaRefreshFeed(kafka),
        store,
        vendors,
        client,
        connectionSecrets,
        tx,
        relay,
        controlTenantEvents);
  }

  @Bean
  SealedJson connectionSecrets(SecretBox box) {
    return new SealedJson(box);
  }
}
