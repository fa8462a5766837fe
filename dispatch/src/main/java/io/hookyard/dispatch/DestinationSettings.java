package io.hookyard.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Vendor destinations' settings, under {@code hookyard.destinations}.
 *
 * @param timeout the deadline of one vendor API call; default 30 s
 * @param authorizationWait how long a delivery whose connection needs authorizing again waits,
 *     parked as the same try, before it looks again; default 1 minute
 */
@Validated
@ConfigurationProperties("hookyard.destinations")
public record DestinationSettings(Duration timeout, Duration authorizationWait) {
  public DestinationSettings {
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    authorizationWait = authorizationWait == null ? Duration.ofMinutes(1) : authorizationWait;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("hookyard.destinations.timeout must be positive");
    }
    if (authorizationWait.isNegative() || authorizationWait.isZero()) {
      throw new IllegalArgumentException(
          "hookyard.destinations.authorization-wait must be positive");
    }
  }
}
