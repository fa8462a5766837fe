package io.hookyard.app.embedded;

import java.nio.file.Path;

/**
 * The PostgreSQL embedded mode runs, in the caller's process, for the fault suite's "PostgreSQL
 * stopped" scenario: Hookyard is pointed at it as at an external database, and the suite stops it
 * and starts it again on the same folder and port.
 */
public final class BenchPostgres implements AutoCloseable {
  private final EmbeddedPostgresServer postgres;

  private BenchPostgres(EmbeddedPostgresServer postgres) {
    this.postgres = postgres;
  }

  public static BenchPostgres start(Path dir) throws java.io.IOException {
    return new BenchPostgres(EmbeddedPostgresServer.start(dir));
  }

  public String r2dbcUrl() {
    return postgres.r2dbcUrl();
  }

  public String user() {
    return EmbeddedPostgresServer.USER;
  }

  @Override
  public void close() throws java.io.IOException {
    postgres.close();
  }
}
