package io.hookyard.schemas.delivery;

import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One try at delivering one message, on {@code hookyard.attempts} keyed by endpoint id. Control
 * sinks these into the attempt log; health and auto-disable are computed from them.
 *
 * @param id {@code att_…}
 * @param statusCode the endpoint's HTTP status, or null when no response came
 * @param responseBody at most the first {@link #MAX_RESPONSE_BODY} characters of the response
 * @param error a short machine-readable reason when the attempt failed ({@code timeout}, {@code
 *     connection_refused}, {@code http_500}, …), else null
 * @param nextAttemptAt when the next try is due, or null when there is none (delivered, dead
 *     lettered, or dropped)
 * @param vendorObjectId for a vendor destination, the id of what the vendor created or updated
 *     (HubSpot's record id, Slack's {@code channel/ts}), when it named one; else null. Absent in
 *     records written before vendor destinations, which read as null
 */
public record Attempt(
    String id,
    MessageId webhookId,
    EventId eventId,
    String eventType,
    TenantId tenantId,
    EndpointId endpointId,
    int attempt,
    boolean succeeded,
    Integer statusCode,
    long responseTimeMs,
    String responseBody,
    String error,
    Instant createdAt,
    Instant nextAttemptAt,
    String vendorObjectId) {

  public static final String PREFIX = "att";
  public static final int MAX_RESPONSE_BODY = 1024;

  public Attempt {
    Ids.require(PREFIX, id);
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(createdAt, "createdAt");
    if (responseBody != null && responseBody.length() > MAX_RESPONSE_BODY) {
      responseBody = responseBody.substring(0, MAX_RESPONSE_BODY);
    }
  }

  /** An attempt without a vendor object. */
  public Attempt(
      String id,
      MessageId webhookId,
      EventId eventId,
      String eventType,
      TenantId tenantId,
      EndpointId endpointId,
      int attempt,
      boolean succeeded,
      Integer statusCode,
      long responseTimeMs,
      String responseBody,
      String error,
      Instant createdAt,
      Instant nextAttemptAt) {
    this(
        id,
        webhookId,
        eventId,
        eventType,
        tenantId,
        endpointId,
        attempt,
        succeeded,
        statusCode,
        responseTimeMs,
        responseBody,
        error,
        createdAt,
        nextAttemptAt,
        null);
  }

  /** An attempt for {@code delivery}, identified afresh. */
  public static Attempt of(
      Delivery delivery,
      boolean succeeded,
      Integer statusCode,
      long responseTimeMs,
      String responseBody,
      String error,
      Instant at) {
    return new Attempt(
        Ids.next(PREFIX),
        delivery.messageId(),
        delivery.eventId(),
        delivery.eventType(),
        delivery.tenantId(),
        delivery.endpointId(),
        delivery.attempt(),
        succeeded,
        statusCode,
        responseTimeMs,
        responseBody,
        error,
        at,
        null);
  }

  /** This attempt, with the time its retry is due. */
  public Attempt withNextAttemptAt(Instant next) {
    return new Attempt(
        id,
        webhookId,
        eventId,
        eventType,
        tenantId,
        endpointId,
        attempt,
        succeeded,
        statusCode,
        responseTimeMs,
        responseBody,
        error,
        createdAt,
        next,
        vendorObjectId);
  }

  /** This attempt, naming the vendor object the call created or updated. */
  public Attempt withVendorObjectId(String objectId) {
    return new Attempt(
        id,
        webhookId,
        eventId,
        eventType,
        tenantId,
        endpointId,
        attempt,
        succeeded,
        statusCode,
        responseTimeMs,
        responseBody,
        error,
        createdAt,
        nextAttemptAt,
        objectId);
  }
}
