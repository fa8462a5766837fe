package io.hookyard.http.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The HTTP server's own bounds, under {@code hookyard.http}.
 *
 * @param headerTimeout the longest a request's head (request line and headers) may take to arrive,
 *     counted from the connection's opening or, on a kept-alive connection, from the request's
 *     first byte; past it the connection is closed (after a 408 if part of the head arrived)
 */
@ConfigurationProperties("hookyard.http")
public record HttpServerSettings(Duration headerTimeout) {

  public HttpServerSettings {
    headerTimeout = headerTimeout == null ? Duration.ofSeconds(10) : headerTimeout;
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("hookyard.http.header-timeout must be positive");
    }
  }
}
