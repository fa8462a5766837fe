package io.hookyard.control.connection;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Connections to vendor APIs, under {@code hookyard.connections}.
 *
 * @param vendors per vendor, the URLs that replace its public ones
 * @param redirectUrl the OAuth 2.0 redirect URI registered with the vendors, for example {@code
 *     https://hooks.example.com/oauth/callback}; when unset it is derived from the address the
 *     authorize request came to
 * @param timeout every call to a vendor; default 30 s
 * @param authorizationTtl how long a started authorization may take; default 10 minutes
 */
@Validated
@ConfigurationProperties("hookyard.connections")
record ConnectionSettings(
    Map<String, VendorUrls> vendors, URI redirectUrl, Duration timeout, Duration authorizationTtl) {

  ConnectionSettings {
    vendors = vendors == null ? Map.of() : Map.copyOf(vendors);
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    authorizationTtl = authorizationTtl == null ? Duration.ofMinutes(10) : authorizationTtl;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("hookyard.connections.timeout must be positive");
    }
    if (authorizationTtl.isNegative() || authorizationTtl.isZero()) {
      throw new IllegalArgumentException("hookyard.connections.authorization-ttl must be positive");
    }
  }

  /** URLs that replace a vendor's public ones; any may be left out. */
  record VendorUrls(URI baseUrl, URI authorizeUrl, URI tokenUrl) {}
}
