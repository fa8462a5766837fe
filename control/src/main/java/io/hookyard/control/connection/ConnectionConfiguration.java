package io.hookyard.control.connection;

import io.hookyard.schemas.crypto.SecretBox;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

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
  ConnectionStore connectionStore(DatabaseClient db) {
    return new ConnectionStore(db);
  }

  @Bean
  OAuthStates oauthStates(DatabaseClient db) {
    return new OAuthStates(db);
  }

  @Bean
  SealedJson connectionSecrets(SecretBox box) {
    return new SealedJson(box);
  }
}
