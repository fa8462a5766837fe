package io.hookyard.streams.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.catalog.EventCatalog;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
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

class InboundTopologyTest {
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private final TenantId tenant = TenantId.next();
  private final SourceId source = SourceId.next();
  private TopologyTestDriver driver;
  private TestInputTopic<String, InboundRecord> inbound;
  private TestOutputTopic<String, CloudEvent> events;
  private TestOutputTopic<byte[], byte[]> dead;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "inbound-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.STREAMS_DEAD.name());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class);
    driver =
        new TopologyTestDriver(InboundTopology.build(props, WINDOW, EventCatalog.builtIn()), props);
    inbound =
        driver.createInputTopic(
            Topics.INBOUND_RAW.name(),
            Topics.INBOUND_RAW.keySerde().serializer(),
            Topics.INBOUND_RAW.valueSerde().serializer());
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
  void aRedeliveryInsideTheWindowIsDroppedAndOneOutsideItIsNot() {
    pipe(record("msg_1", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\"}}"), T0);
    pipe(
        record("msg_1", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\"}}"),
        T0.plusSeconds(60));
    pipe(
        record("msg_2", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_2\"}}"),
        T0.plusSeconds(61));
    pipe(
        record("msg_1", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_1\"}}"),
        T0.plus(WINDOW).plusSeconds(120));

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(e -> Json.tree(e.data()).path("id").asString())
        .containsExactly("inv_1", "inv_2", "inv_1");
  }

  @Test
  void theRequestsTraceContextTravelsOnToTheEventsHeaders() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    InboundRecord record =
        record("msg_t", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_t\"}}");
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    inbound.pipeInput(new TestRecord<>(record.key(), record, headers, T0));

    TestRecord<String, CloudEvent> event = events.readRecord();
    assertThat(
            new String(event.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
        .isEqualTo(traceparent);
  }

  @Test
  void aStandardWebhooksPayloadOfACatalogTypeBecomesThatCatalogEvent() {
    InboundRecord record =
        record("msg_9", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_9\",\"amount\":5}}");
    pipe(record, T0);

    EventEnvelope event = EventEnvelope.from(events.readValue());
    assertThat(event.type()).isEqualTo("invoice.paid");
    assertThat(event.tenantId()).isEqualTo(tenant);
    assertThat(Json.tree(event.data()).path("amount").asInt()).isEqualTo(5);
  }

  @Test
  void anythingWithoutAMappingKeepsItsPayloadAsAVendorEvent() {
    pipe(record("msg_3", "{\"type\":\"order.exploded\",\"data\":{\"n\":1}}"), T0);
    InboundRecord github =
        new InboundRecord(
            Ids.next("in"),
            tenant,
            source,
            "github",
            "d-1",
            "pull_request",
            T0,
            Map.of(),
            bytes("{\"action\":\"opened\"}"),
            null);
    pipe(github, T0);

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(EventEnvelope::type)
        .containsExactly("vendor.standard_webhooks.order_exploded", "vendor.github.pull_request");
    assertThat(Json.tree(out.get(1).data()).path("action").asString()).isEqualTo("opened");
  }

  @Test
  void aRecordThatCannotBeMappedGoesToTheDeadLetterTopicAndProcessingGoesOn() {
    pipe(record("msg_bad", "this is not json"), T0);
    pipe(
        record("msg_ok", "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_ok\"}}"),
        T0.plusSeconds(1));

    assertThat(events.readValuesToList()).hasSize(1);
    TestRecord<byte[], byte[]> poisoned = dead.readRecord();
    assertThat(new String(poisoned.key(), StandardCharsets.UTF_8)).endsWith("/msg_bad");
    assertThat(poisoned.headers().toArray()).isNotEmpty();
  }

  @Test
  void stripeInvoicesAndSubscriptionsBecomeCatalogEventsThatMatchTheirSchemas() throws Exception {
    pipe(vendorRecord("stripe", "evt_1", "stripe-invoice.paid.json"), T0);
    pipe(vendorRecord("stripe", "evt_2", "stripe-invoice.payment_failed.json"), T0);
    pipe(vendorRecord("stripe", "evt_3", "stripe-customer.subscription.deleted.json"), T0);

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(EventEnvelope::type)
        .containsExactly("invoice.paid", "invoice.failed", "subscription.cancelled");
    assertValidAgainstCatalog(out);
    JsonNode paid = Json.tree(out.get(0).data());
    assertThat(paid.path("amount").asInt()).isEqualTo(4200);
    assertThat(paid.path("currency").asString()).isEqualTo("EUR");
    assertThat(paid.path("paid_at").asString()).isEqualTo("2025-11-22T10:00:00Z");
    assertThat(paid.path("properties").path("account_manager").asString()).isEqualTo("Mia");
    assertThat(Json.tree(out.get(2).data()).path("status").asString()).isEqualTo("cancelled");
  }

  @Test
  void hubSpotObjectEventsBecomeCreatedUpdatedDeletedWithChangedFields() throws Exception {
    pipe(vendorRecord("hubspot", "1001", "hubspot-contact.creation.json"), T0);
    pipe(vendorRecord("hubspot", "1002", "hubspot-contact.propertyChange.json"), T0);
    pipe(vendorRecord("hubspot", "1003", "hubspot-deal.propertyChange.json"), T0);
    pipe(vendorRecord("hubspot", "1004", "hubspot-conversation.creation.json"), T0);

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(EventEnvelope::type)
        .containsExactly(
            "contact.created", "contact.updated", "deal.updated", "vendor.hubspot.event");
    assertValidAgainstCatalog(out.subList(0, 3));
    JsonNode changed = Json.tree(out.get(1).data());
    assertThat(changed.path("changed_fields").get(0).asString()).isEqualTo("email");
    assertThat(changed.path("email").asString()).isEqualTo("grace@example.com");
    assertThat(Json.tree(out.get(2).data()).path("amount").asDouble()).isEqualTo(12000.0);
  }

  @Test
  void eachVendorsEventsReachTheirMapperThroughTheTopology() {
    String[][] samples = {
      {"shopify", "customers/create", "shopify-customers.create.json", "contact.created"},
      {"github", "issues", "github-issues.edited.json", "entity.updated"},
      {"pipedrive", "deal.change", "pipedrive-deal.change-v2.json", "deal.updated"},
      {"dynamics365", "Update", "dynamics365-contact.update.json", "contact.updated"},
      {"salesforce", "Contact", "salesforce-contact.json", "contact.updated"},
      {"exact-online", "Accounts.Update", "exact-online-accounts.update.json", "company.updated"},
      {"zendesk", "zen:event-type:ticket.created", "zendesk-ticket.created.json", "entity.created"},
      {"jira", "jira:issue_updated", "jira-issue_updated.json", "entity.updated"},
      {"slack", "team_join", "slack-team_join.json", "user.joined"},
      {"ms-graph", "created", "msgraph-message.created.json", "entity.created"},
    };
    for (String[] sample : samples) {
      pipe(
          new InboundRecord(
              Ids.next("in"),
              tenant,
              source,
              sample[0],
              sample[2],
              sample[1],
              T0,
              Map.of(),
              VendorSamples.body(sample[2]),
              null),
          T0);
    }

    List<EventEnvelope> out = events.readValuesToList().stream().map(EventEnvelope::from).toList();
    assertThat(out)
        .extracting(EventEnvelope::type)
        .containsExactly(Arrays.stream(samples).map(s -> s[3]).toArray(String[]::new));
    assertValidAgainstCatalog(out);
    assertThat(dead.isEmpty()).isTrue();
  }

  private static void assertValidAgainstCatalog(List<EventEnvelope> events) {
    EventCatalog catalog = EventCatalog.builtIn();
    for (EventEnvelope event : events) {
      assertThat(
              catalog
                  .find(event.type())
                  .orElseThrow()
                  .validate(new String(event.data(), StandardCharsets.UTF_8)))
          .as(event.type())
          .isEmpty();
    }
  }

  private InboundRecord vendorRecord(String vendor, String dedupKey, String sample)
      throws Exception {
    byte[] body;
    try (var in = getClass().getResourceAsStream("/vendor/" + sample)) {
      body = in.readAllBytes();
    }
    return new InboundRecord(
        Ids.next("in"), tenant, source, vendor, dedupKey, null, T0, Map.of(), body, null);
  }

  private void pipe(InboundRecord record, Instant at) {
    inbound.pipeInput(record.key(), record, at);
  }

  private InboundRecord record(String dedupKey, String body) {
    return new InboundRecord(
        Ids.next("in"),
        tenant,
        source,
        "standard-webhooks",
        dedupKey,
        null,
        T0,
        Map.of(),
        bytes(body),
        null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
