package io.hookyard.control;

import io.hookyard.control.db.Database;
import io.hookyard.control.db.DatabaseSettings;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.http.HttpConfiguration;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The control role: the management API over PostgreSQL, the config outbox relay and the attempt
 * sink. On only when {@code hookyard.roles} names {@code control}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hookyard.roles:ingest,streams,dispatch,control}'.contains('control')")
@EnableConfigurationProperties(DatabaseSettings.class)
@Import(HttpConfiguration.class)
@ComponentScan
public class ControlConfiguration {

  @Bean(destroyMethod = "dispose")
  ConnectionPool controlConnectionPool(DatabaseSettings settings) {
    Database.migrate(settings);
    return Database.pool(settings);
  }

  @Bean
  DatabaseClient controlDatabaseClient(ConnectionPool pool) {
    return DatabaseClient.create(pool);
  }

  @Bean
  TransactionalOperator controlTransactions(ConnectionPool pool) {
    return TransactionalOperator.create(new R2dbcTransactionManager(pool));
  }

  @Bean
  Outbox outbox(DatabaseClient db) {
    return new Outbox(db);
  }
}
