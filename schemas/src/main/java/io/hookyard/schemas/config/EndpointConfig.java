package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A subscriber endpoint as routing and dispatch need it. The signing secret travels sealed; only
 * dispatch opens it.
 *
 * @param eventTypes patterns: an exact type, {@code resource.*}, or {@code *}
 * @param filter a JSONata condition over the event body; the endpoint gets only events it holds
 *     for, or null for all
 * @param transform a JSONata expression whose result is the body the endpoint receives, or null
 */
public record EndpointConfig(
    EndpointId id,
    TenantId tenantId,
    URI url,
    List<String> eventTypes,
    SealedSecret secret,
    Map<String, String> headers,
    int rateLimitPerMinute,
    List<Duration> retrySchedule,
    boolean ordered,
    boolean disabled,
    String filter,
    String transform)
    implements ConfigRecord {

  public EndpointConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    eventTypes = List.copyOf(eventTypes == null ? List.of("*") : eventTypes);
    eventTypes.forEach(EventTypes::requirePattern);
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    retrySchedule = List.copyOf(retrySchedule == null ? List.of() : retrySchedule);
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("rateLimitPerMinute must be positive");
    }
  }

  @Override
  public String entityId() {
    return id.value();
  }

  /** Whether an event of {@code type} goes to this endpoint. */
  public boolean subscribesTo(String type) {
    return !disabled && eventTypes.stream().anyMatch(p -> EventTypes.matches(p, type));
  }
}
