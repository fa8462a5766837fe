package io.hookyard.streams.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Vendor payload samples under {@code /vendor/} as inbound records, and catalog checks. */
final class VendorSamples {
  private static final EventCatalog CATALOG = EventCatalog.builtIn();
  static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

  private VendorSamples() {}

  static byte[] body(String sample) {
    try (InputStream in = VendorSamples.class.getResourceAsStream("/vendor/" + sample)) {
      assertThat(in).as(sample).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InboundRecord record(String vendor, String eventType, String sample) {
    return new InboundRecord(
        Ids.next("in"),
        TenantId.next(),
        SourceId.next(),
        vendor,
        Ids.next("dk"),
        eventType,
        RECEIVED,
        Map.of(),
        body(sample),
        null);
  }

  /** The mapper's one event for the sample, after checking the mapper claims the record. */
  static EventEnvelope mapOne(VendorMapper mapper, String vendor, String eventType, String sample) {
    InboundRecord record = record(vendor, eventType, sample);
    assertThat(mapper.handles(record)).isTrue();
    List<EventEnvelope> events = mapper.map(record);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).tenantId()).isEqualTo(record.tenantId());
    return events.get(0);
  }

  static JsonNode data(EventEnvelope event) {
    return Json.tree(event.data());
  }

  /** Catalog types must validate against their schema; {@code vendor.*} types keep the payload. */
  static void assertValid(EventEnvelope event) {
    String json = new String(event.data(), StandardCharsets.UTF_8);
    assertThat(CATALOG.find(event.type())).as(event.type()).isPresent();
    assertThat(CATALOG.find(event.type()).orElseThrow().validate(json)).as(json).isEmpty();
  }

  static List<String> changedFields(EventEnvelope event) {
    return data(event).path("changed_fields").valueStream().map(JsonNode::asString).toList();
  }
}
