package io.hookyard.control.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.schemas.config.EndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An endpoint as the API shows it. {@code secret} is filled only in the answer to its creation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointView(
    String id,
    String url,
    String description,
    List<String> eventTypes,
    int rateLimitPerMinute,
    Map<String, String> headers,
    List<String> retrySchedule,
    boolean ordered,
    boolean disabled,
    String filter,
    String transform,
    Instant createdAt,
    String secret) {

  static EndpointView of(
      EndpointConfig config, String description, Instant createdAt, String secret) {
    return new EndpointView(
        config.id().value(),
        config.url().toString(),
        description,
        config.eventTypes(),
        config.rateLimitPerMinute(),
        config.headers(),
        config.retrySchedule().stream().map(Duration::toString).toList(),
        config.ordered(),
        config.disabled(),
        config.filter(),
        config.transform(),
        createdAt,
        secret);
  }
}
