package io.hookyard.streams.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FieldMappingTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final TenantId tenant = TenantId.next();
  private final SourceId source = SourceId.next();
  private TopologyTestDriver driver;
  private TestInputTopic<String, InboundRecord> inbound;
  private TestInputTopic<String, ConfigRecord> config;
  private TestOutputTopic<String, CloudEvent> events;
  private TestOutputTopic<byte[], byte[]> dead;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "inbound-mapping-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.STREAMS_DEAD.name());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class);
    driver =
        new TopologyTestDriver(
            InboundTopology.build(props, Duration.ofHours(1), EventCatalog.builtIn()), props);
    inbound =
        driver.createInputTopic(
            Topics.INBOUND_RAW.name(),
            Topics.INBOUND_RAW.keySerde().serializer(),
            Topics.INBOUND_RAW.valueSerde().serializer());
    config =
        driver.createInputTopic(
            Topics.CONFIG.name(),
            Topics.CONFIG.keySerde().serializer(),
            Topics.CONFIG.valueSerde().serializer());
    events =
        driver.createOutputTopic(
            Topics.EVENTS.name(),
            Topics.EVENTS.keySerde().deserializer(),
            Topics.EVENTS.valueSerde().deserializer());
    dead =
        driver.createOutputTopic(
            Topics.STREAMS_DEAD.name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aSourcesMappingLiftsACustomPropertyOntoTheCatalogEvent() {
    map(source, "{\"tier\": properties.Tier__c, \"email\": $lowercase(email)}");
    pipe(salesforceContact(source));

    EventEnvelope event = EventEnvelope.from(events.readValue());
    JsonNode data = Json.tree(event.data());
    assertThat(event.type()).isEqualTo("contact.updated");
    assertThat(data.path("tier").asString()).isEqualTo("Gold");
    assertThat(data.path("email").asString()).isEqualTo("ada@example.com");
    assertThat(data.path("last_name").asString()).isEqualTo("Lovelace");
  }

  @Test
  void anotherSourceOfTheTenantIsNotMapped() {
    map(SourceId.next(), "{\"tier\": properties.Tier__c}");
    pipe(salesforceContact(source));

    assertThat(Json.tree(EventEnvelope.from(events.readValue()).data()).has("tier")).isFalse();
  }

  @Test
  void aTombstoneRemovesTheMappingAndAChangeReplacesIt() {
    map(source, "{\"tier\": properties.Tier__c}");
    map(source, "{\"level\": properties.Tier__c}");
    pipe(salesforceContact(source));
    config.pipeInput(SourceMappingConfig.keyOf(tenant, source), null);
    pipe(salesforceContact(source));

    List<JsonNode> data =
        events.readValuesToList().stream()
            .map(e -> Json.tree(EventEnvelope.from(e).data()))
            .toList();
    assertThat(data.get(0).path("level").asString()).isEqualTo("Gold");
    assertThat(data.get(0).has("tier")).isFalse();
    assertThat(data.get(1).has("level")).isFalse();
  }

  @Test
  void aMappingThatFailsSendsTheRecordToTheDeadLetterTopicAndTheNextOneIsProcessed() {
    map(source, "{\"n\": $number(properties.Tier__c)}");
    InboundRecord failing = salesforceContact(source);
    pipe(failing);
    map(source, "{\"id\": 42}");
    pipe(salesforceContact(source));
    map(source, "\"just text\"");
    pipe(salesforceContact(source));
    map(source, "{\"tier\": properties.Tier__c}");
    pipe(salesforceContact(source));

    List<TestRecord<byte[], byte[]>> poisoned = dead.readRecordsToList();
    assertThat(poisoned).hasSize(3);
    assertThat(new String(poisoned.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(failing.key());
    assertThat(poisoned)
        .allSatisfy(r -> assertThat(headerNames(r)).anyMatch(h -> h.contains("exception")));
    List<CloudEvent> out = events.readValuesToList();
    assertThat(out).hasSize(1);
    assertThat(Json.tree(EventEnvelope.from(out.get(0)).data()).path("tier").asString())
        .isEqualTo("Gold");
  }

  private static List<String> headerNames(TestRecord<byte[], byte[]> record) {
    return Arrays.stream(record.headers().toArray()).map(Header::key).toList();
  }

  private void map(SourceId sourceId, String expression) {
    SourceMappingConfig mapping = new SourceMappingConfig(sourceId, tenant, expression);
    config.pipeInput(mapping.key(), mapping);
  }

  private void pipe(InboundRecord record) {
    inbound.pipeInput(record.key(), record, T0);
  }

  private InboundRecord salesforceContact(SourceId sourceId) {
    return new InboundRecord(
        Ids.next("in"),
        tenant,
        sourceId,
        "salesforce",
        Ids.next("ntf"),
        "Contact",
        T0,
        Map.of(),
        VendorSamples.body("salesforce-contact.json"),
        null);
  }
}
