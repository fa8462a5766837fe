package io.hookyard.control.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;

/**
 * Opens the R2DBC pool and brings the schema up to date first. Migrations run once, over JDBC, at
 * start-up — before any request — which is the one place blocking I/O is acceptable.
 */
public final class Database {
  private Database() {}

  public static void migrate(DatabaseSettings settings) {
    Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.username(), settings.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public static ConnectionPool pool(DatabaseSettings settings) {
    ConnectionFactoryOptions.Builder options =
        ConnectionFactoryOptions.parse(settings.url()).mutate();
    if (settings.username() != null) {
      options.option(ConnectionFactoryOptions.USER, settings.username());
    }
    if (settings.password() != null) {
      options.option(ConnectionFactoryOptions.PASSWORD, settings.password());
    }
    ConnectionFactory factory = ConnectionFactories.get(options.build());
    return new ConnectionPool(
        ConnectionPoolConfiguration.builder(factory)
            .maxSize(settings.poolSize())
            .name("hookyard-control")
            .build());
  }
}
