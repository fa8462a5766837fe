package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.embedded.EmbeddedInfrastructure;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.topic.ErrorHeaders;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A broken part is noticed and heals: every long-lived loop reports into {@code /actuator/health}
 * (component {@code loops}), DOWN with the reason while it is dead, and restarts by itself. And a
 * record on {@code hookyard.deliveries} that is not a delivery is moved aside to {@code
 * hookyard.deliveries.unreadable} with the reason, counted, and the deliveries after it go on.
 *
 * <p>PostgreSQL here is a separate embedded server the test owns, so it can stop it under the
 * running application and start it again on the same port and data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopHealthIT {
  @TempDir static Path dataDir;
  @TempDir static Path postgresDir;

  private EmbeddedInfrastructure postgres;
  private Map<String, Object> db;
  private LoopbackReceiver receiver;
  private RunningHookyard hookyard;
  private ApiClient anonymous;
  private Tenant acme;
  private String endpoint;

  @BeforeAll
  void start() throws Exception {
    postgres = EmbeddedInfrastructure.start(postgresDir, false, true);
    db = postgres.properties();
    receiver = new LoopbackReceiver();
    hookyard =
        RunningHookyard.start(
            dataDir,
            "--hookyard.r2dbc.url=" + db.get("hookyard.r2dbc.url"),
            "--hookyard.r2dbc.username=" + db.get("hookyard.r2dbc.username"),
            "--hookyard.r2dbc.password=" + db.get("hookyard.r2dbc.password"));
    anonymous = new ApiClient(hookyard.baseUrl(), null);
    acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"user.joined\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    endpoint = created.body().path("id").asString();
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyLoopIsInHealthAndOneThatFailsIsDownWithTheReasonThenRecoversByItself() {
    JsonNode loops = awaitHealthy();
    assertThat(loops.path("components").propertyNames())
        .contains(
            "configView",
            "rawArchive",
            "dispatcher",
            "delayTier1s",
            "delayTier1h",
            "attemptSink",
            "deadLetterSink",
            "outboxRelay");
    int logged = logged().size();
    publish("before");
    await().atMost(Duration.ofSeconds(60)).until(() -> logged().size() == logged + 1);

    postgres.close();
    publish("during"); // delivered without PostgreSQL; its attempt cannot be logged yet
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              ApiClient.Response health = anonymous.get("/actuator/health");
              assertThat(health.status()).isEqualTo(503);
              JsonNode components =
                  health.body().path("components").path("loops").path("components");
              for (String loop : List.of("attemptSink", "outboxRelay")) {
                JsonNode state = components.path(loop);
                assertThat(state.path("status").asString()).as(loop).isEqualTo("DOWN");
                assertThat(state.path("details").path("reason").asString())
                    .as(loop + " says why")
                    .isNotBlank();
              }
              assertThat(components.path("dispatcher").path("status").asString())
                  .as("delivery goes on without PostgreSQL")
                  .isEqualTo("UP");
            });
    assertThat(receiver.received()).anyMatch(r -> r.body().contains("during"));

    postgres = EmbeddedInfrastructure.start(postgresDir, false, true);
    assertThat(postgres.properties().get("hookyard.r2dbc.url"))
        .isEqualTo(db.get("hookyard.r2dbc.url"));
    JsonNode recovered = awaitHealthy();
    assertThat(
            recovered
                .path("components")
                .path("attemptSink")
                .path("details")
                .path("restarts")
                .asInt())
        .as("it was restarted, not the application")
        .isPositive();
    publish("after");
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(() -> assertThat(logged()).hasSize(logged + 3));
    assertThat(receiver.received()).anyMatch(r -> r.body().contains("after"));
  }

  @Test
  void anUnreadableDeliveryIsMovedAsideWithTheReasonAndCountedAndTheNextOneArrives()
      throws Exception {
    byte[] garbage = "{not a delivery".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), endpoint, garbage)).get();
    }
    String marker = "after-garbage";
    publish(marker);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> receiver.received().stream().anyMatch(r -> r.body().contains(marker)));

    List<ConsumerRecord<byte[], byte[]>> aside = unreadable();
    assertThat(aside).hasSize(1);
    ConsumerRecord<byte[], byte[]> moved = aside.get(0);
    assertThat(moved.value()).isEqualTo(garbage);
    assertThat(new String(moved.key(), StandardCharsets.UTF_8)).isEqualTo(endpoint);
    assertThat(header(moved, ErrorHeaders.TOPIC)).isEqualTo(Topics.DELIVERIES.name());
    assertThat(header(moved, ErrorHeaders.EXCEPTION)).isNotBlank();
    assertThat(header(moved, ErrorHeaders.MESSAGE)).isNotBlank();
    assertThat(header(moved, ErrorHeaders.OFFSET)).matches("\\d+");
    assertThat(hookyard.operator().getText("/actuator/prometheus"))
        .contains("hookyard_dispatch_unreadable_total{topic=\"hookyard.deliveries\"} 1.0");
    assertThat(anonymous.get("/actuator/health").body().path("status").asString()).isEqualTo("UP");
  }

  @Test
  void anUnreadableAttemptRecordDoesNotStopTheAttemptLog() throws Exception {
    int logged = logged().size();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.ATTEMPTS.name(),
                  endpoint,
                  "\u0000garbage".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    publish("after-bad-attempt");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(logged()).hasSize(logged + 1));
    assertThat(
            anonymous
                .get("/actuator/health")
                .body()
                .path("components")
                .path("loops")
                .path("components")
                .path("attemptSink")
                .path("status")
                .asString())
        .isEqualTo("UP");
  }

  /** Waits until the whole application is UP; its {@code loops} component. */
  private JsonNode awaitHealthy() {
    List<JsonNode> loops = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              ApiClient.Response health = anonymous.get("/actuator/health");
              assertThat(health.status()).as(String.valueOf(health.body())).isEqualTo(200);
              loops.add(0, health.body().path("components").path("loops"));
            });
    return loops.get(0);
  }

  private void publish(String id) {
    String event =
        "{\"type\":\"user.joined\",\"data\":{\"id\":\""
            + id
            + "\",\"email\":\""
            + id
            + "@example.com\"}}";
    ApiClient.Response accepted = acme.api().post("/api/v1/events", event);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
  }

  /** The events the attempt log holds for the endpoint; empty while it cannot answer. */
  private List<String> logged() {
    ApiClient.Response page =
        acme.api().get("/api/v1/endpoints/" + endpoint + "/attempts?limit=500");
    List<String> events = new ArrayList<>();
    if (page.status() == 200) {
      page.body().path("data").forEach(a -> events.add(a.path("event_id").asString()));
    }
    return events;
  }

  private KafkaProducer<String, byte[]> producer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, hookyard.kafkaBootstrapServers());
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private List<ConsumerRecord<byte[], byte[]>> unreadable() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hookyard.kafkaBootstrapServers());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(Topics.UNREADABLE_DELIVERIES.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return record.headers().lastHeader(name) == null
        ? null
        : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
