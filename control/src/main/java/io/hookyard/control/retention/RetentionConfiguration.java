package io.hookyard.control.retention;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionSettings.class)
class RetentionConfiguration {

  @Bean
  AttemptRetention attemptRetention(DatabaseClient db, RetentionSettings settings) {
    return new AttemptRetention(db, settings);
  }
}
