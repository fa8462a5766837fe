package io.hookyard.schemas.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
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
 * A subscriber endpoint as routing and dispatch need it. The signing secret and the values of the
 * extra request headers (they often carry credentials) travel sealed; only dispatch opens them, at
 * send time.
 *
 * @param plainHeaders header values in clear, as records written before header values were sealed
 *     carry them (JSON {@code headers}); control seals them at start-up, so everything it writes
 *     now has none here. Dispatch still sends them, for records of an older install not yet
 *     rewritten
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
 * @param sealedHeaders extra request headers by name, each value sealed
 */
public record EndpointConfig(
    EndpointId id,
    TenantId tenantId,
    URI url,
    List<String> eventTypes,
    SealedSecret secret,
    @JsonProperty("headers") Map<String, String> plainHeaders,
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
    Map<String, Object> settings,
    Map<String, SealedSecret> sealedHeaders)
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
    plainHeaders = Map.copyOf(plainHeaders == null ? Map.of() : plainHeaders);
    sealedHeaders = Map.copyOf(sealedHeaders == null ? Map.of() : sealedHeaders);
    retrySchedule = List.copyOf(retrySchedule == null ? List.of() : retrySchedule);
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("rateLimitPerMinute must be positive");
    }
  }

  /** An endpoint whose header values (if any) are in clear, as written before they were sealed. */
  public EndpointConfig(
      EndpointId id,
      TenantId tenantId,
      URI url,
      List<String> eventTypes,
      SealedSecret secret,
      Map<String, String> plainHeaders,
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
      Map<String, Object> settings) {
    this(
        id,
        tenantId,
        url,
        eventTypes,
        secret,
        plainHeaders,
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
        settings,
        null);
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
        plainHeaders,
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
        settings,
        sealedHeaders);
  }

  /** This endpoint, disabled or enabled. */
  public EndpointConfig withDisabled(boolean disabled) {
    return new EndpointConfig(
        id,
        tenantId,
        url,
        eventTypes,
        secret,
        plainHeaders,
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
        settings,
        sealedHeaders);
  }

  /**
   * This endpoint with {@code headers} (values sealed) as its extra request headers, and none in
   * clear.
   */
  public EndpointConfig withHeaders(Map<String, SealedSecret> headers) {
    return new EndpointConfig(
        id,
        tenantId,
        url,
        eventTypes,
        secret,
        Map.of(),
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
        settings,
        headers);
  }

  /**
   * This endpoint with every secret sealed by {@code box}'s sealing key: the signing secret, the
   * previous one while it still signs at {@code now} (an expired one is dropped), and the header
   * values, those still in clear included. The same instance when nothing needed it.
   *
   * @throws IllegalArgumentException when a secret does not open with {@code box}
   */
  public EndpointConfig resealed(SecretBox box, Instant now) {
    SealedSecret nextSecret = box.reseal(secret);
    PreviousSecret nextPrevious =
        previousSecret == null || !previousSecret.validAt(now)
            ? null
            : new PreviousSecret(box.reseal(previousSecret.sealed()), previousSecret.expiresAt());
    Map<String, SealedSecret> nextHeaders = new java.util.TreeMap<>();
    sealedHeaders.forEach((name, value) -> nextHeaders.put(name, box.reseal(value)));
    plainHeaders.forEach((name, value) -> nextHeaders.put(name, box.seal(value)));
    boolean same =
        nextSecret == secret
            && (previousSecret == null
                || nextPrevious != null && nextPrevious.sealed() == previousSecret.sealed())
            && plainHeaders.isEmpty()
            && nextHeaders.entrySet().stream()
                .allMatch(e -> e.getValue() == sealedHeaders.get(e.getKey()));
    if (same) {
      return this;
    }
    return new EndpointConfig(
            id,
            tenantId,
            url,
            eventTypes,
            nextSecret,
            Map.of(),
            rateLimitPerMinute,
            retrySchedule,
            ordered,
            disabled,
            filter,
            transform,
            nextPrevious,
            type,
            connectionId,
            action,
            settings)
        .withHeaders(nextHeaders);
  }

  /** The names of the extra request headers, sorted; their values are never shown. */
  public java.util.SortedSet<String> headerNames() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>(sealedHeaders.keySet());
    names.addAll(plainHeaders.keySet());
    return java.util.Collections.unmodifiableSortedSet(names);
  }

  /** Whether this endpoint calls a vendor API instead of POSTing a signed webhook. */
  public boolean isVendorDestination() {
    return !WEBHOOK.equals(type);
  }

  @Override
  public String entityId() {
    return id.value();
  }

  /** Ids only: header values in clear (older records) and URLs with tokens stay out of logs. */
  @Override
  public String toString() {
    return "EndpointConfig[" + id + " " + type + " of " + tenantId + "]";
  }

  /** Whether an event of {@code type} goes to this endpoint. */
  public boolean subscribesTo(String type) {
    return !disabled && eventTypes.stream().anyMatch(p -> EventTypes.matches(p, type));
  }
}
