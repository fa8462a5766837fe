package io.hookyard.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.config.ApiKeyConfig;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RoutingTopologyTest {
  private static final SecretBox BOX = SecretBox.fromBase64(SecretBox.newKey());
  private final TenantId acme = TenantId.next();
  private final TenantId other = TenantId.next();

  private TopologyTestDriver driver;
  private TestInputTopic<String, ConfigRecord> config;
  private TestInputTopic<String, CloudEvent> events;
  private TestOutputTopic<String, Delivery> deliveries;
  private TestOutputTopic<String, byte[]> dead;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "routing-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    driver = new TopologyTestDriver(RoutingTopology.build(props), props);
    config =
        driver.createInputTopic(
            Topics.CONFIG.name(),
            Topics.CONFIG.keySerde().serializer(),
            Topics.CONFIG.valueSerde().serializer());
    events =
        driver.createInputTopic(
            Topics.EVENTS.name(),
            Topics.EVENTS.keySerde().serializer(),
            Topics.EVENTS.valueSerde().serializer());
    deliveries =
        driver.createOutputTopic(
            Topics.DELIVERIES.name(),
            Topics.DELIVERIES.keySerde().deserializer(),
            Topics.DELIVERIES.valueSerde().deserializer());
    dead =
        driver.createOutputTopic(
            Topics.STREAMS_DEAD.name(),
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void fansOutOneDeliveryPerMatchingEndpointOfTheSameTenant() {
    EndpointConfig all = endpoint(acme, List.of("*"));
    EndpointConfig invoices = endpoint(acme, List.of("invoice.*"));
    EndpointConfig users = endpoint(acme, List.of("user.joined"));
    EndpointConfig otherTenant = endpoint(other, List.of("*"));
    List.of(all, invoices, users, otherTenant).forEach(e -> config.pipeInput(e.key(), e));

    EventEnvelope paid = event(acme, "invoice.paid", "{\"id\":\"inv_1\",\"amount\":5}");
    events.pipeInput(paid.key(), paid.toCloudEvent());

    Map<String, Delivery> out = deliveries.readKeyValuesToMap();
    assertThat(out).containsOnlyKeys(all.id().value(), invoices.id().value());
    Delivery delivery = out.get(invoices.id().value());
    assertThat(delivery.messageId()).isEqualTo(MessageId.of(paid.id(), invoices.id()));
    assertThat(delivery.attempt()).isEqualTo(1);
    JsonNode body = Json.tree(delivery.payload().getBytes(StandardCharsets.UTF_8));
    assertThat(body.path("webhook_id").asString()).isEqualTo(delivery.messageId().value());
    assertThat(body.path("event_type").asString()).isEqualTo("invoice.paid");
    assertThat(body.path("tenant_id").asString()).isEqualTo(acme.value());
    assertThat(body.path("data").path("amount").asInt()).isEqualTo(5);
  }

  @Test
  void everyDeliveryCarriesTheEventsTraceOnWithTracingOff() {
    EndpointConfig all = endpoint(acme, List.of("*"));
    EndpointConfig invoices = endpoint(acme, List.of("invoice.*"));
    List.of(all, invoices).forEach(e -> config.pipeInput(e.key(), e));
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    EventEnvelope paid = event(acme, "invoice.paid", "{\"id\":\"inv_1\",\"amount\":5}");
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    events.pipeInput(new TestRecord<>(paid.key(), paid.toCloudEvent(), headers));

    List<TestRecord<String, Delivery>> out = deliveries.readRecordsToList();
    assertThat(out)
        .hasSize(2)
        .allSatisfy(
            r ->
                assertThat(
                        new String(
                            r.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                    .isEqualTo(traceparent));
  }

  @Test
  void hookyardsOwnEndpointDisabledEventRoutesLikeAnyOther() {
    EndpointConfig watcher = endpoint(acme, List.of("endpoint.disabled"));
    config.pipeInput(watcher.key(), watcher);
    EventEnvelope disabled =
        new EventEnvelope(
            new EventId(
                io.hookyard.schemas.id.Ids.derived(EventId.PREFIX, "endpoint.disabled", "att_x")),
            acme,
            "endpoint.disabled",
            "ep_01jd0000000000000000000000",
            Instant.now(),
            "{\"endpoint_id\":\"ep_01jd0000000000000000000000\",\"reason\":\"gone\"}"
                .getBytes(StandardCharsets.UTF_8));
    events.pipeInput(disabled.key(), disabled.toCloudEvent());

    assertThat(deliveries.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.endpointId()).isEqualTo(watcher.id()));
  }

  @Test
  void filtersHoldEventsBackAndTransformsShapeTheBodyPerEndpoint() {
    EndpointConfig bigOnly = endpoint(acme, List.of("invoice.*"), "data.amount >= 100", null);
    EndpointConfig slack =
        endpoint(acme, List.of("invoice.*"), null, "{'text': 'Paid: ' & $string(data.amount)}");
    List.of(bigOnly, slack).forEach(e -> config.pipeInput(e.key(), e));

    EventEnvelope small = event(acme, "invoice.paid", "{\"amount\":5}");
    EventEnvelope big = event(acme, "invoice.paid", "{\"amount\":500}");
    events.pipeInput(small.key(), small.toCloudEvent());
    events.pipeInput(big.key(), big.toCloudEvent());

    List<KeyValue<String, Delivery>> out = deliveries.readKeyValuesToList();
    assertThat(out)
        .filteredOn(kv -> kv.key.equals(bigOnly.id().value()))
        .extracting(kv -> kv.value.eventId())
        .containsExactly(big.id());
    assertThat(out)
        .filteredOn(kv -> kv.key.equals(slack.id().value()))
        .extracting(kv -> kv.value.payload())
        .containsExactly("{\"text\":\"Paid: 5\"}", "{\"text\":\"Paid: 500\"}");
  }

  @Test
  void aFailingTransformCostsOnlyItsEndpointAndIsReportedAsDead() {
    EndpointConfig broken = endpoint(acme, List.of("*"), null, "$number(data.name)");
    EndpointConfig fine = endpoint(acme, List.of("*"));
    List.of(broken, fine).forEach(e -> config.pipeInput(e.key(), e));
    EventEnvelope event = event(acme, "invoice.paid", "{\"name\":\"not a number\"}");
    events.pipeInput(event.key(), event.toCloudEvent());

    assertThat(deliveries.readKeyValuesToMap()).containsOnlyKeys(fine.id().value());
    TestRecord<String, byte[]> failure = dead.readRecord();
    assertThat(failure.key()).isEqualTo(broken.id().value());
    JsonNode reported = Json.tree(failure.value());
    assertThat(reported.path("event_id").asString()).isEqualTo(event.id().value());
    assertThat(reported.path("stage").asString()).isEqualTo("transform");
    assertThat(new String(failure.value(), StandardCharsets.UTF_8)).doesNotContain("not a number");
  }

  @Test
  void anEventIdIsRoutedOnceEvenWhenPublishedTwice() {
    EndpointConfig all = endpoint(acme, List.of("*"));
    config.pipeInput(all.key(), all);
    EventEnvelope once = event(acme, "invoice.paid", "{}");
    events.pipeInput(once.key(), once.toCloudEvent());
    events.pipeInput(once.key(), once.toCloudEvent());
    EventEnvelope other = event(acme, "invoice.paid", "{}");
    events.pipeInput(other.key(), other.toCloudEvent());

    assertThat(deliveries.readValuesToList())
        .extracting(Delivery::eventId)
        .containsExactly(once.id(), other.id());
  }

  @Test
  void deletedAndDisabledEndpointsGetNothing() {
    EndpointConfig gone = endpoint(acme, List.of("*"));
    EndpointConfig disabled =
        new EndpointConfig(
            EndpointId.next(),
            acme,
            URI.create("https://x.example/h"),
            List.of("*"),
            BOX.seal("whsec_x"),
            Map.of(),
            100,
            List.of(),
            false,
            true,
            null,
            null);
    config.pipeInput(gone.key(), gone);
    config.pipeInput(disabled.key(), disabled);
    config.pipeInput(gone.key(), null);

    EventEnvelope joined = event(acme, "user.joined", "{\"id\":\"u\"}");
    events.pipeInput(joined.key(), joined.toCloudEvent());

    assertThat(deliveries.isEmpty()).isTrue();
  }

  @Test
  void recordsThatAreNotCatalogEventsAreSkippedAndRoutingGoesOn() {
    EndpointConfig all = endpoint(acme, List.of("*"));
    config.pipeInput(all.key(), all);
    CloudEvent noTenant =
        io.cloudevents.core.builder.CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/svc"))
            .withType("invoice.paid")
            .build();
    events.pipeInput("k", noTenant);
    EventEnvelope ok = event(acme, "invoice.paid", "{}");
    events.pipeInput(ok.key(), ok.toCloudEvent());

    assertThat(deliveries.readValuesToList())
        .extracting(Delivery::eventId)
        .containsExactly(ok.id());
  }

  @Test
  void anEndpointChangedBetweenEventsIsRoutedByItsNewSubscription() {
    EndpointConfig invoices = endpoint(acme, List.of("invoice.*"));
    config.pipeInput(invoices.key(), invoices);
    EventEnvelope first = event(acme, "invoice.paid", "{}");
    events.pipeInput(first.key(), first.toCloudEvent());
    assertThat(deliveries.readValuesToList()).hasSize(1);

    EndpointConfig usersNow =
        new EndpointConfig(
            invoices.id(),
            acme,
            invoices.url(),
            List.of("user.joined"),
            invoices.secret(),
            Map.of(),
            100,
            List.of(),
            false,
            false,
            null,
            null);
    config.pipeInput(usersNow.key(), usersNow);
    EventEnvelope paid = event(acme, "invoice.paid", "{}");
    EventEnvelope joined = event(acme, "user.joined", "{}");
    events.pipeInput(paid.key(), paid.toCloudEvent());
    events.pipeInput(joined.key(), joined.toCloudEvent());

    assertThat(deliveries.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.eventId()).isEqualTo(joined.id()));
  }

  @Test
  void theTenantsOtherConfigRecordsAreNotEndpoints() {
    EndpointConfig all = endpoint(acme, List.of("*"));
    config.pipeInput(all.key(), all);
    ApiKeyConfig key = new ApiKeyConfig(ApiKeyId.next(), acme, "0".repeat(64));
    config.pipeInput(key.key(), key);

    EventEnvelope paid = event(acme, "invoice.paid", "{}");
    events.pipeInput(paid.key(), paid.toCloudEvent());

    assertThat(deliveries.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.endpointId()).isEqualTo(all.id()));
    assertThat(dead.isEmpty()).isTrue();
  }

  private static EndpointConfig endpoint(TenantId tenant, List<String> types) {
    return endpoint(tenant, types, null, null);
  }

  private static EndpointConfig endpoint(
      TenantId tenant, List<String> types, String filter, String transform) {
    return new EndpointConfig(
        EndpointId.next(),
        tenant,
        URI.create("https://x.example/h"),
        types,
        BOX.seal("whsec_x"),
        Map.of(),
        100,
        List.of(),
        false,
        false,
        filter,
        transform);
  }

  private static EventEnvelope event(TenantId tenant, String type, String data) {
    return new EventEnvelope(
        EventId.next(), tenant, type, null, Instant.now(), data.getBytes(StandardCharsets.UTF_8));
  }
}
