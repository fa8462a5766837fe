package io.hookyard.control.replay;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.schemas.kafka.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplaySettings.class)
class ReplayConfiguration {

  @Bean
  ReplayStore replayStore(DatabaseClient db) {
    return new ReplayStore(db);
  }

  /** {@code hookyard.events.retention} is the topic's retention, applied when topics are made. */
  @Bean(destroyMethod = "close")
  EventLog replayEventLog(
      KafkaConnection kafka, @Value("${hookyard.events.retention:P7D}") Duration retention) {
    return new EventLog(kafka, retention, Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  ReplayLane replayLane(KafkaConnection kafka) {
    return new ReplayLane(kafka);
  }

  @Bean
  ReplayRunner replayRunner(
      ReplayStore store, EventLog events, ReplayLane lane, ReplaySettings settings) {
    return new ReplayRunner(store, events, lane, settings);
  }

  @Bean
  Replays replays(
      ReplayStore store,
      EventLog events,
      AuditLog audit,
      TransactionalOperator tx,
      ReplayRunner runner) {
    return new Replays(store, events, audit, tx, runner, Clock.systemUTC());
  }
}
