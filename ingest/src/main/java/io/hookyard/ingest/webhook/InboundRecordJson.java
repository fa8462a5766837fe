package io.hookyard.ingest.webhook;

import io.hookyard.ingest.webhook.vendor.JsonBodies;
import io.hookyard.schemas.inbound.InboundRecord;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * Writes an {@link InboundRecord} as {@code hookyard.inbound.raw}'s value serde does, byte for byte
 * (same field names and order, nulls written, RFC 3339 time, base64 body), but with the streaming
 * generator instead of data binding: on the ingest path this was the largest single cost after the
 * framework was gone (configuration and bean-property lookups per record). {@code
 * InboundRecordJsonTest} holds it to the serde's bytes, so a field added to the record fails there
 * until it is added here.
 */
final class InboundRecordJson {

  private InboundRecordJson() {}

  static byte[] write(InboundRecord record) {
    byte[] body = record.body();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(512 + (body == null ? 0 : body.length * 4 / 3));
    try (JsonGenerator json =
        JsonBodies.STREAMING.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty("id", record.id());
      json.writeStringProperty("tenant_id", record.tenantId().value());
      json.writeStringProperty("source_id", record.sourceId().value());
      json.writeStringProperty("vendor", record.vendor());
      json.writeStringProperty("dedup_key", record.dedupKey());
      json.writeStringProperty("vendor_event_type", record.vendorEventType());
      json.writeStringProperty(
          "received_at", DateTimeFormatter.ISO_INSTANT.format(record.receivedAt()));
      json.writeName("headers");
      json.writeStartObject();
      for (Map.Entry<String, String> header : record.headers().entrySet()) {
        json.writeStringProperty(header.getKey(), header.getValue());
      }
      json.writeEndObject();
      if (body == null) {
        json.writeNullProperty("body");
      } else {
        json.writeBinaryProperty("body", body);
      }
      json.writeStringProperty("blob_key", record.blobKey());
      json.writeEndObject();
    }
    return out.toByteArray();
  }
}
