package io.hookyard.streams.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EventTypeConfig;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/** Standard Webhooks events of a type the tenant registered itself become that tenant's type. */
class TenantTypesTopologyTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final String SCHEMA =
      "{\"type\":\"object\",\"required\":[\"order_id\"],"
          + "\"properties\":{\"order_id\":{\"type\":\"string\"}}}";

  private final TenantId tenant = TenantId.next();
  private final TenantId other = TenantId.next();
  private TopologyTestDriver driver;
  private TestInputTopic<String, InboundRecord> inbound;
  private TestInputTopic<String, ConfigRecord> config;
  private TestOutputTopic<String, CloudEvent> events;
  private TestOutputTopic<byte[], byte[]> dead;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "inbound-tenant-types-test");
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
  void anEventOfATypeTheTenantRegisteredBecomesThatTypeForThatTenantOnly() {
    register(tenant, "order.shipped");
    pipe(shipped(tenant, "msg_1", "{\"order_id\":\"ord_1\"}"));
    pipe(shipped(other, "msg_2", "{\"order_id\":\"ord_2\"}"));

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(EventEnvelope::type)
        .containsExactly("order.shipped", "vendor.standard_webhooks.order_shipped");
    assertThat(out.get(0).tenantId()).isEqualTo(tenant);
    assertThat(Json.tree(out.get(0).data()).path("order_id").asString()).isEqualTo("ord_1");
  }

  @Test
  void anEventThatBreaksTheTenantsSchemaGoesToTheDeadLetterTopic() {
    register(tenant, "order.shipped");
    InboundRecord broken = shipped(tenant, "msg_3", "{\"order_id\":42}");
    pipe(broken);
    pipe(shipped(tenant, "msg_4", "{\"order_id\":\"ord_4\"}"));

    List<TestRecord<byte[], byte[]>> poisoned = dead.readRecordsToList();
    assertThat(poisoned).hasSize(1);
    assertThat(new String(poisoned.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(broken.key());
    assertThat(events.readValuesToList())
        .extracting(e -> EventEnvelope.from(e).type())
        .containsExactly("order.shipped");
  }

  @Test
  void aDeletedTypeIsAVendorEventAgain() {
    register(tenant, "order.shipped");
    config.pipeInput(ConfigRecord.keyOf(tenant, "order.shipped"), null);
    pipe(shipped(tenant, "msg_5", "{\"order_id\":\"ord_5\"}"));

    assertThat(EventEnvelope.from(events.readValue()).type())
        .isEqualTo("vendor.standard_webhooks.order_shipped");
  }

  private void register(TenantId owner, String name) {
    EventTypeConfig type = new EventTypeConfig(owner, name, "", Json.mapper().readTree(SCHEMA));
    config.pipeInput(type.key(), type);
  }

  private void pipe(InboundRecord record) {
    inbound.pipeInput(record.key(), record, T0);
  }

  private static InboundRecord shipped(TenantId owner, String dedupKey, String data) {
    String body = "{\"type\":\"order.shipped\",\"data\":" + data + "}";
    return new InboundRecord(
        Ids.next("in"),
        owner,
        SourceId.next(),
        "standard-webhooks",
        dedupKey,
        null,
        T0,
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8),
        null);
  }
}
