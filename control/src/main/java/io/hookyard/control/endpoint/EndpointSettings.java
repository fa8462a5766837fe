package io.hookyard.control.endpoint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Endpoint settings of the control role, under {@code hookyard.control}.
 *
 * @param secretRotationOverlap how long a rotated-out signing secret keeps signing next to the new
 *     one, so subscribers can switch without rejecting a webhook; default 24 h, at most 7 days
 */
@Validated
@ConfigurationProperties("hookyard.control")
public record EndpointSettings(Duration secretRotationOverlap) {
  public static final Duration DEFAULT_SECRET_ROTATION_OVERLAP = Duration.ofHours(24);

  public EndpointSettings {
    secretRotationOverlap =
        secretRotationOverlap == null ? DEFAULT_SECRET_ROTATION_OVERLAP : secretRotationOverlap;
    if (secretRotationOverlap.isNegative()
        || secretRotationOverlap.isZero()
        || secretRotationOverlap.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException(
          "hookyard.control.secret-rotation-overlap must be between PT1S and P7D");
    }
  }
}
