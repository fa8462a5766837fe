package io.hookyard.schemas.event;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A catalog event on {@code hookyard.events}: a CloudEvents 1.0 event in Kafka binary mode ({@code
 * ce_*} headers, the JSON {@code data} as the record value) with the extension {@code tenantid}.
 * Internal services may produce such records themselves.
 *
 * @param data the event's JSON {@code data}, exactly as published
 */
public record EventEnvelope(
    EventId id, TenantId tenantId, String type, String subject, Instant time, byte[] data) {

  public static final String TENANT_EXTENSION = "tenantid";
  public static final URI PUBLISH_API_SOURCE = URI.create("/hookyard/api");

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
    if (!EventTypes.isName(type)) {
      throw new IllegalArgumentException("not an event type name: " + type);
    }
  }

  /**
   * The record key on {@code hookyard.events}: tenant and subject, so one subject stays ordered.
   */
  public String key() {
    return tenantId.value() + "/" + (subject == null ? id.value() : subject);
  }

  public CloudEvent toCloudEvent() {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id.value())
            .withSource(PUBLISH_API_SOURCE)
            .withType(type)
            .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(data)
            .withExtension(TENANT_EXTENSION, tenantId.value());
    if (subject != null) {
      builder.withSubject(subject);
    }
    return builder.build();
  }

  /**
   * Reads a CloudEvent as a catalog event. Events produced by internal services may carry any id;
   * it becomes an {@code evt_} id unless it is one already.
   */
  public static EventEnvelope from(CloudEvent event) {
    Object tenant = event.getExtension(TENANT_EXTENSION);
    if (tenant == null) {
      throw new IllegalArgumentException("the CloudEvent has no tenantid extension");
    }
    String id = event.getId();
    EventId eventId =
        Ids.isValid(EventId.PREFIX, id)
            ? new EventId(id)
            : new EventId(Ids.derived(EventId.PREFIX, tenant.toString(), id));
    Instant time = event.getTime() == null ? Instant.now() : event.getTime().toInstant();
    byte[] data =
        event.getData() == null
            ? "null".getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : event.getData().toBytes();
    return new EventEnvelope(
        eventId, new TenantId(tenant.toString()), event.getType(), event.getSubject(), time, data);
  }
}
