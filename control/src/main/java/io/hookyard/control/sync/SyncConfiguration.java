package io.hookyard.control.sync;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.health.TenantEvents;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.schemas.kafka.KafkaConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

  @Bean
  SyncStore syncStore(DatabaseClient db) {
    return new SyncStore(db);
  }

  @Bean
  Syncs syncs(SyncStore store, Outbox outbox, AuditLog audit) {
    return new Syncs(store, outbox, audit);
  }

  @Bean
  SyncRunSink syncRunSink(
      KafkaConnection kafka,
      DatabaseClient db,
      TransactionalOperator tx,
      TenantEvents controlTenantEvents) {
    return new SyncRunSink(
        new ReactorKafkaSyncRunFeed(kafka), new SyncRunLog(db, tx, controlTenantEvents));
  }
}
