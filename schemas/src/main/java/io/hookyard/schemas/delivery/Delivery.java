package io.hookyard.schemas.delivery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one endpoint, on {@code hookyard.deliveries} keyed by endpoint id.
 * Streams writes it at fan-out with the final body; dispatch signs and sends exactly {@code
 * payload}, so filters and transforms never run twice.
 *
 * @param eventTime when the event happened, for end-to-end latency
 * @param attempt 1 for the first try
 * @param payload the JSON body the subscriber receives, byte for byte (UTF-8)
 * @param dueAt when this try may be sent; null means at once. Set on retries, which wait in the
 *     delay-tier topics until then
 * @param traceparent the W3C trace context this delivery continues (its routing span), or null. Not
 *     part of the JSON: on Kafka it travels as the record's {@code traceparent} header (see {@code
 *     io.hookyard.schemas.trace.Tracing}); in memory it rides along through retries, parking and
 *     dead letters
 */
public record Delivery(
    MessageId messageId,
    EventId eventId,
    String eventType,
    TenantId tenantId,
    EndpointId endpointId,
    Instant eventTime,
    int attempt,
    String payload,
    Instant dueAt,
    @JsonIgnore String traceparent) {

  public Delivery {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(payload, "payload");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1");
    }
  }

  /** A try without trace context. */
  public Delivery(
      MessageId messageId,
      EventId eventId,
      String eventType,
      TenantId tenantId,
      EndpointId endpointId,
      Instant eventTime,
      int attempt,
      String payload,
      Instant dueAt) {
    this(
        messageId,
        eventId,
        eventType,
        tenantId,
        endpointId,
        eventTime,
        attempt,
        payload,
        dueAt,
        null);
  }

  /** A first try, due at once. */
  public Delivery(
      MessageId messageId,
      EventId eventId,
      String eventType,
      TenantId tenantId,
      EndpointId endpointId,
      Instant eventTime,
      int attempt,
      String payload) {
    this(messageId, eventId, eventType, tenantId, endpointId, eventTime, attempt, payload, null);
  }

  /** The next try of this delivery, due at {@code when}. */
  public Delivery retryAt(Instant when) {
    Objects.requireNonNull(when, "when");
    return with(attempt + 1, when, traceparent);
  }

  /**
   * This same try, held back until {@code when}: an endpoint's rate limit or open circuit parks it
   * in the delay tiers instead of in memory. Not a new attempt.
   */
  public Delivery parkedUntil(Instant when) {
    Objects.requireNonNull(when, "when");
    return with(attempt, when, traceparent);
  }

  /** This delivery as a first try again, due at once: a replay starts a fresh schedule. */
  public Delivery replayed() {
    return new Delivery(messageId, eventId, eventType, tenantId, endpointId, eventTime, 1, payload);
  }

  /** This delivery continuing the trace {@code traceparent} (null: none). */
  public Delivery withTraceparent(String traceparent) {
    return Objects.equals(traceparent, this.traceparent) ? this : with(attempt, dueAt, traceparent);
  }

  /** This delivery with another try number, due time and trace: the rest stays. */
  private Delivery with(int attempt, Instant dueAt, String traceparent) {
    return new Delivery(
        messageId,
        eventId,
        eventType,
        tenantId,
        endpointId,
        eventTime,
        attempt,
        payload,
        dueAt,
        traceparent);
  }

  @Override
  public String toString() {
    return "Delivery[" + messageId + " " + eventType + " to " + endpointId + " #" + attempt + "]";
  }
}
