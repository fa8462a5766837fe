package io.hookyard.control.db;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where PostgreSQL is: {@code HOOKYARD_R2DBC_URL} ({@code r2dbc:postgresql://host:port/db}) with
 * {@code HOOKYARD_R2DBC_USERNAME} and {@code HOOKYARD_R2DBC_PASSWORD}. Embedded mode fills these
 * in.
 */
@Validated
@ConfigurationProperties("hookyard.r2dbc")
public record DatabaseSettings(
    @NotBlank String url, String username, String password, int poolSize) {

  public DatabaseSettings {
    poolSize = poolSize <= 0 ? 10 : poolSize;
  }

  /** The same database for JDBC, which the migrations run over at start-up. */
  public String jdbcUrl() {
    return "jdbc:" + url.substring("r2dbc:".length());
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url=" + url + ", username=" + username + ", password=hidden]";
  }
}
