package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 * @param previousSecret the secret before the last rotation while it still signs too, or null;
 *     absent in records written before rotation existed, which read as null
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
    String transform,
    PreviousSecret previousSecret)
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

  /** An endpoint with no previous secret: never rotated, or its overlap is over. */
  public EndpointConfig(
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
      String transform) {
    this(
        id,
        tenantId,
        url,
        eventTypes,
        secret,
        headers,
        rateLimitPerMinute,
        retrySchedule,
        ordered,
        disabled,
        filter,
        transform,
        null);
  }

  /**
   * This endpoint signing with {@code next} from now on, and with its current secret too until
   * {@code overlapEnds}. Only the most recent previous secret is kept: rotating twice within the
   * overlap retires the first one at once.
   */
  public EndpointConfig rotatedTo(SealedSecret next, Instant overlapEnds) {
    return new EndpointConfig(
        id,
        tenantId,
        url,
        eventTypes,
        next,
        headers,
        rateLimitPerMinute,
        retrySchedule,
        ordered,
        disabled,
        filter,
        transform,
        new PreviousSecret(secret, overlapEnds));
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
