package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Publishing many events in one call, and Idempotency-Key reuse, seen from outside: the answers a
 * tenant gets and what is on {@code hookyard.events} afterwards. Every event answered as accepted
 * was acknowledged by Kafka before the answer, so reading the topic to its end shows all of them.
 */
@SharedHookyard.Sharing
class PublishBatchIT {
  private static RunningHookyard hookyard;
  private static String tenantId;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    hookyard = SharedHookyard.get();
    JsonNode tenant = hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Acme\"}").body();
    tenantId = tenant.path("id").asString();
    api = new ApiClient(hookyard.baseUrl(), tenant.path("api_key").asString());
  }

  @Test
  void eachItemIsAcceptedOrRejectedOnItsOwnAndOnlyAcceptedOnesAreOnKafka() {
    String batch =
        "{\"events\":["
            + invoice("inv_b0", "5")
            + ","
            + invoice("inv_b1", "\"five\"")
            + ",{\"type\":\"no.such_type\",\"data\":{}}"
            + ",42"
            + ",{\"type\":\"invoice.paid\",\"data\":[1]}"
            + ","
            + invoice("inv_b5", "7")
            + "]}";

    ApiClient.Response answer = api.post("/api/v1/events/batch", batch);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("accepted").asInt()).isEqualTo(2);
    assertThat(answer.body().path("rejected").asInt()).isEqualTo(4);
    JsonNode results = answer.body().path("data");
    assertThat(results.size()).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
    }
    assertThat(results.get(0).path("status").asInt()).isEqualTo(202);
    assertThat(results.get(5).path("status").asInt()).isEqualTo(202);
    assertThat(results.get(1).path("status").asInt()).isEqualTo(422);
    assertThat(field(results.get(1))).isEqualTo("events[1].data.amount");
    assertThat(results.get(1).path("error").path("code").asString()).isEqualTo("schema_violation");
    assertThat(field(results.get(2))).isEqualTo("events[2].type");
    assertThat(field(results.get(3))).isEqualTo("events[3]");
    assertThat(field(results.get(4))).isEqualTo("events[4].data");

    Map<String, String> published = publishedData();
    String first = results.get(0).path("id").asString();
    String last = results.get(5).path("id").asString();
    assertThat(first).startsWith("evt_").isNotEqualTo(last);
    assertThat(published).containsKey(first).containsKey(last);
    assertThat(published.get(first)).contains("inv_b0");
    assertThat(published.values()).noneMatch(data -> data.contains("inv_b1"));
  }

  @Test
  void aBatchOfFiveHundredIsTakenAndOneMoreIsRefusedWhole() {
    ApiClient.Response full = api.post("/api/v1/events/batch", invoices("inv_full", 500));
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body().path("accepted").asInt()).isEqualTo(500);

    ApiClient.Response tooMany = api.post("/api/v1/events/batch", invoices("inv_over", 501));
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.errorField()).isEqualTo("events");
    assertThat(api.post("/api/v1/events/batch", "{\"events\":[]}").status()).isEqualTo(422);

    Map<String, String> published = publishedData();
    assertThat(published.values()).filteredOn(d -> d.contains("inv_full_")).hasSize(500);
    assertThat(published.values()).noneMatch(d -> d.contains("inv_over_"));
  }

  @Test
  void aKeyReusedForADifferentEventIsRefusedAndTheSameEventGetsTheFirstAnswer() {
    Map<String, String> headers =
        Map.of("Idempotency-Key", "pay-77", "Content-Type", "application/json");
    String original = "{\"type\":\"invoice.paid\",\"data\":" + data("inv_k1", "100") + "}";
    String changed = "{\"type\":\"invoice.paid\",\"data\":" + data("inv_k1", "999") + "}";

    ApiClient.Response first = api.postRaw("/api/v1/events", bytes(original), headers);
    ApiClient.Response again = api.postRaw("/api/v1/events", bytes(original), headers);
    ApiClient.Response reused = api.postRaw("/api/v1/events", bytes(changed), headers);

    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.body().path("error").path("code").asString())
        .isEqualTo("idempotency_key_reused");
    assertThat(reused.errorField()).isEqualTo("Idempotency-Key");

    String item =
        "{\"idempotency_key\":\"pay-88\",\"type\":\"invoice.paid\",\"data\":"
            + data("inv_k2", "1")
            + "}";
    String itemChanged = item.replace("\"amount\":1", "\"amount\":2");
    ApiClient.Response batch =
        api.post("/api/v1/events/batch", "{\"events\":[" + item + "," + itemChanged + "]}");
    JsonNode results = batch.body().path("data");
    assertThat(results.get(0).path("status").asInt()).isEqualTo(202);
    assertThat(results.get(1).path("status").asInt()).isEqualTo(422);
    assertThat(results.get(1).path("error").path("code").asString())
        .isEqualTo("idempotency_key_reused");
    assertThat(field(results.get(1))).isEqualTo("events[1].idempotency_key");
    ApiClient.Response single =
        api.postRaw(
            "/api/v1/events",
            bytes("{\"type\":\"invoice.paid\",\"data\":" + data("inv_k2", "1") + "}"),
            Map.of("Idempotency-Key", "pay-88", "Content-Type", "application/json"));
    assertThat(single.body().path("id").asString()).isEqualTo(results.get(0).path("id").asString());

    Map<String, String> published = publishedData();
    assertThat(published.values()).noneMatch(d -> d.contains("999"));
    assertThat(published.values())
        .noneMatch(d -> d.contains("inv_k2") && d.contains("\"amount\":2"));
  }

  @Test
  void aRetriedBatchWithTheSameKeyGetsTheSameIds() {
    Map<String, String> headers =
        Map.of("Idempotency-Key", "nightly-import", "Content-Type", "application/json");
    byte[] batch = bytes(invoices("inv_retry", 3));
    ApiClient.Response first = api.postRaw("/api/v1/events/batch", batch, headers);
    ApiClient.Response retry = api.postRaw("/api/v1/events/batch", batch, headers);
    assertThat(first.body().path("accepted").asInt()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(retry.body().path("data").get(i).path("id").asString())
          .isEqualTo(first.body().path("data").get(i).path("id").asString());
    }
  }

  private static String field(JsonNode result) {
    return result.path("error").path("details").path("field").asString(null);
  }

  private static String invoices(String prefix, int count) {
    StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
    for (int i = 0; i < count; i++) {
      events.add(invoice(prefix + "_" + i, Integer.toString(i)));
    }
    return events.toString();
  }

  private static String invoice(String id, String amount) {
    return "{\"type\":\"invoice.paid\",\"subject\":\""
        + id
        + "\",\"data\":"
        + data(id, amount)
        + "}";
  }

  private static String data(String id, String amount) {
    return "{\"id\":\""
        + id
        + "\",\"customer_id\":\"cus_1\",\"amount\":"
        + amount
        + ",\"currency\":\"EUR\"}";
  }

  /** Every event of this test's tenant on {@code hookyard.events} up to its end: id → data. */
  private static Map<String, String> publishedData() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hookyard.kafkaBootstrapServers());
    Map<String, String> events = new HashMap<>();
    try (KafkaConsumer<String, CloudEvent> consumer =
        new KafkaConsumer<>(
            props,
            Topics.EVENTS.keySerde().deserializer(),
            Topics.EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topics.EVENTS.name())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (tenantId.equals(r.value().getExtension(EventEnvelope.TENANT_EXTENSION))) {
                    events.put(
                        r.value().getId(),
                        new String(r.value().getData().toBytes(), StandardCharsets.UTF_8));
                  }
                });
      }
    }
    return events;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
