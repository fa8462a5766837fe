package io.hookyard.control.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookyard.schemas.config.EndpointConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An endpoint as the API shows it. {@code secret} is filled only in the answer to a webhook
 * endpoint's creation; {@code headers} shows the names of the extra request headers, each with a
 * null value: values are never shown again (they often carry credentials), and a null value sent
 * back in a PATCH keeps the value; a vendor destination shows its {@code type}, {@code
 * connection_id}, {@code action} and {@code settings} instead of a URL (never the connection's
 * credentials). {@code backfill_id} names the replay ({@code rpl_…}) a {@code backfill_since} on
 * creation started, in that answer only.
 */
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
    String secret,
    String type,
    String connectionId,
    String action,
    Map<String, Object> settings,
    String backfillId) {

  static EndpointView of(
      EndpointConfig config, String description, Instant createdAt, String secret) {
    return new EndpointView(
        config.id().value(),
        config.url() == null ? null : config.url().toString(),
        description,
        config.eventTypes(),
        config.rateLimitPerMinute(),
        headerNames(config),
        config.retrySchedule().stream().map(Duration::toString).toList(),
        config.ordered(),
        config.disabled(),
        config.filter(),
        config.transform(),
        createdAt,
        config.isVendorDestination() ? null : secret,
        config.type(),
        config.connectionId() == null ? null : config.connectionId().value(),
        config.action(),
        config.isVendorDestination() ? config.settings() : null,
        null);
  }

  /** This view naming the backfill ({@code rpl_…}) its creation started, if any. */
  EndpointView withBackfill(String replayId) {
    return new EndpointView(
        id,
        url,
        description,
        eventTypes,
        rateLimitPerMinute,
        headers,
        retrySchedule,
        ordered,
        disabled,
        filter,
        transform,
        createdAt,
        secret,
        type,
        connectionId,
        action,
        settings,
        replayId);
  }

  /** Each header name with a null value, sorted; {@code Map.of} cannot hold nulls. */
  private static Map<String, String> headerNames(EndpointConfig config) {
    Map<String, String> names = new TreeMap<>();
    config.headerNames().forEach(name -> names.put(name, null));
    return java.util.Collections.unmodifiableMap(names);
  }
}
