package io.hookyard.schemas.config;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.id.ConnectionId;
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
 * @param type {@code webhook} (also when null: records written before vendor destinations) or a
 *     vendor destination type ({@code hubspot}, {@code slack}, {@code teams}, {@code http})
 * @param connectionId the connection a vendor destination calls with; null for a webhook
 * @param action what a vendor destination does ({@code upsert_contact}, {@code post_message}, …);
 *     null for a webhook
 * @param settings the action's settings ({@code channel}, {@code url}, …); never credentials
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
    PreviousSecret previousSecret,
    String type,
    ConnectionId connectionId,
    String action,
    Map<String, Object> settings)
    implements ConfigRecord {

  public static final String WEBHOOK = "webhook";

  public EndpointConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(secret, "secret");
    type = type == null ? WEBHOOK : type;
    if (type.equals(WEBHOOK)) {
      Objects.requireNonNull(url, "url");
    } else {
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(action, "action");
    }
    settings =
        settings == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    eventTypes = List.copyOf(eventTypes == null ? List.of("*") : eventTypes);
    eventTypes.forEach(EventTypes::requirePattern);
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    retrySchedule = List.copyOf(retrySchedule == null ? List.of() : retrySchedule);
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("rateLimitPerMinute must be positive");
    }
  }

  /** A webhook endpoint, as written before vendor destinations existed. */
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
      String transform,
      PreviousSecret previousSecret) {
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
        previousSecret,
        WEBHOOK,
        null,
        null,
        null);
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
        new PreviousSecret(secret, overlapEnds),
        type,
        connectionId,
        action,
        settings);
  }

  /** This endpoint, disabled or enabled. */
  public EndpointConfig withDisabled(boolean disabled) {
    return new EndpointConfig(
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
        previousSecret,
        type,
        connectionId,
        action,
        settings);
  }

  /** Whether this endpoint calls a vendor API instead of POSTing a signed webhook. */
  public boolean isVendorDestination() {
    return !WEBHOOK.equals(type);
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
