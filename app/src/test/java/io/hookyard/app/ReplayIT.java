package io.hookyard.app;

import static io.hookyard.app.support.DispatchScenario.data;
import static io.hookyard.app.support.DispatchScenario.invoiceEndpoint;
import static io.hookyard.app.support.DispatchScenario.publishInvoice;
import static io.hookyard.app.support.DispatchScenario.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.ScriptedReceiver;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Replay from any time, on the whole system in embedded mode: a replay sends an endpoint's events
 * again from {@code hookyard.events} with their first delivery's {@code webhook-id}s, a backfill
 * joins live traffic without a gap, and a range Kafka no longer holds is refused saying what it
 * still holds. Real broker, real PostgreSQL, receivers on loopback; one application for all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT {
  private static final Duration LONG = Duration.ofSeconds(180);
  private static final String FAST = "\"rate_limit_per_minute\":60000";

  @TempDir static Path dataDir;
  static RunningHookyard hookyard;

  @BeforeAll
  static void start() {
    hookyard = RunningHookyard.start(dataDir);
  }

  @AfterAll
  static void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
  }

  @Test
  @Order(1)
  void aReplayOfAThousandDeliveredEventsArrivesCompleteWithTheFirstDeliveriesIds()
      throws Exception {
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient api = tenant(hookyard);
      String endpoint = invoiceEndpoint(api, receiver.url(), FAST);
      Instant since = Instant.now().minusSeconds(1);
      int events = 1000;
      for (int from = 0; from < events; from += 500) {
        publishBatch(api, "rpl", from, 500);
      }
      await().atMost(LONG).until(() -> receiver.received().size() >= events);
      Map<String, String> first = idsByInvoice(receiver.received());
      assertThat(first).hasSize(events);

      ApiClient.Response started =
          api.post("/api/v1/endpoints/" + endpoint + "/replay", "{\"since\":\"" + since + "\"}");
      assertThat(started.status()).as(started.toString()).isEqualTo(202);
      assertThat(started.body().path("events").asLong()).isEqualTo(events);
      assertThat(started.body().path("retention").asString()).isEqualTo("P7D");
      String replay = started.body().path("id").asString();
      assertThat(replay).startsWith("rpl_");

      await().atMost(LONG).until(() -> receiver.received().size() >= 2 * events);
      List<ScriptedReceiver.Got> again =
          receiver.received().subList(events, receiver.received().size());
      assertThat(again).hasSize(events);
      assertThat(idsByInvoice(again))
          .as("every event again, each with the webhook-id of its first delivery")
          .isEqualTo(first);
      await()
          .atMost(LONG)
          .untilAsserted(
              () -> {
                JsonNode progress = api.get("/api/v1/replays/" + replay).body();
                assertThat(progress.path("status").asString()).isEqualTo("done");
                assertThat(progress.path("found").asLong()).isEqualTo(events);
                assertThat(progress.path("sent").asLong()).isEqualTo(events);
                assertThat(progress.path("finished_at").isNull()).isFalse();
              });
      assertThat(data(api.get("/api/v1/audit")))
          .anySatisfy(
              e -> {
                assertThat(e.path("action").asString()).isEqualTo("replay.started");
                assertThat(e.path("target_id").asString()).isEqualTo(replay);
              });

      ApiClient other = tenant(hookyard);
      assertThat(
              other
                  .post(
                      "/api/v1/endpoints/" + endpoint + "/replay", "{\"since\":\"" + since + "\"}")
                  .status())
          .as("another tenant's endpoint")
          .isEqualTo(404);
      assertThat(other.get("/api/v1/replays/" + replay).status())
          .as("another tenant's replay")
          .isEqualTo(404);
    }
  }

  @Test
  @Order(2)
  void aBackfillJoinsLiveTrafficWithNothingMissingAndDuplicatesOnlyWithTheSameId()
      throws Exception {
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient api = tenant(hookyard);
      Instant since = Instant.now().minusSeconds(1);
      AtomicInteger published = new AtomicInteger();
      AtomicBoolean enough = new AtomicBoolean();
      CompletableFuture<Void> publisher =
          CompletableFuture.runAsync(
              () -> {
                while (!enough.get()) {
                  publishInvoice(api, "bf-" + published.get());
                  published.incrementAndGet();
                }
              });
      await().atMost(LONG).until(() -> published.get() >= 200 || publisher.isDone());

      ApiClient.Response created =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + receiver.url()
                  + "\",\"event_types\":[\"invoice.paid\"],"
                  + FAST
                  + ",\"backfill_since\":\""
                  + since
                  + "\"}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String backfill = created.body().path("backfill_id").asString();
      assertThat(backfill).startsWith("rpl_");

      // publishing goes on until the backfill fixed where its range ends (its seam), and a while
      // after, so events before, around and after the seam are all there
      await()
          .atMost(LONG)
          .until(() -> !api.get("/api/v1/replays/" + backfill).body().path("found").isNull());
      int atSeam = published.get();
      await().atMost(LONG).until(() -> published.get() >= atSeam + 100 || publisher.isDone());
      enough.set(true);
      publisher.get();
      int total = published.get();

      Set<String> all = new HashSet<>();
      for (int i = 0; i < total; i++) {
        all.add("bf-" + i);
      }
      await().atMost(LONG).until(() -> idsByInvoice(receiver.received()).keySet().containsAll(all));
      Map<String, Set<String>> ids = new HashMap<>();
      for (ScriptedReceiver.Got got : receiver.received()) {
        ids.computeIfAbsent(invoice(got), k -> new HashSet<>()).add(got.header("webhook-id"));
      }
      assertThat(ids.keySet()).as("every event published, none missing").isEqualTo(all);
      assertThat(ids.values())
          .as("an event that arrived twice carried the same webhook-id both times")
          .allSatisfy(webhookIds -> assertThat(webhookIds).hasSize(1));
      await()
          .atMost(LONG)
          .until(
              () ->
                  api.get("/api/v1/replays/" + backfill)
                      .body()
                      .path("status")
                      .asString()
                      .equals("done"));
    }
  }

  @Test
  @Order(3)
  void badRangesAndRangesPastRetentionAreRefusedSayingWhatIsStillAvailable() throws Exception {
    try (ScriptedReceiver receiver = new ScriptedReceiver()) {
      ApiClient api = tenant(hookyard);
      String endpoint = invoiceEndpoint(api, receiver.url(), FAST);
      String replay = "/api/v1/endpoints/" + endpoint + "/replay";
      Instant now = Instant.now();

      assertThat(api.post(replay, "{}").errorField()).isEqualTo("since");
      ApiClient.Response backwards =
          api.post(
              replay,
              "{\"since\":\""
                  + now.minusSeconds(60)
                  + "\",\"until\":\""
                  + now.minusSeconds(120)
                  + "\"}");
      assertThat(backwards.status()).isEqualTo(422);
      assertThat(backwards.errorField()).isEqualTo("until");
      ApiClient.Response future =
          api.post(replay, "{\"since\":\"" + now.plus(1, ChronoUnit.HOURS) + "\"}");
      assertThat(future.status()).isEqualTo(422);
      assertThat(future.errorField()).isEqualTo("since");

      ApiClient.Response tooOld =
          api.post(replay, "{\"since\":\"" + now.minus(8, ChronoUnit.DAYS) + "\"}");
      assertThat(tooOld.status()).as(tooOld.toString()).isEqualTo(422);
      assertThat(tooOld.body().path("error").path("code").asString()).isEqualTo("beyond_retention");
      assertThat(tooOld.errorField()).isEqualTo("since");
      JsonNode details = tooOld.body().path("error").path("details");
      assertThat(details.path("retention").asString()).isEqualTo("P7D");
      assertThat(Instant.parse(details.path("earliest_available").asString()))
          .isBetween(now.minus(7, ChronoUnit.DAYS).minusSeconds(60), now);
      assertThat(tooOld.body().path("error").path("message").asString())
          .contains(details.path("earliest_available").asString());
      ApiClient.Response oldBackfill =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + receiver.url()
                  + "\",\"backfill_since\":\""
                  + now.minus(8, ChronoUnit.DAYS)
                  + "\"}");
      assertThat(oldBackfill.status()).isEqualTo(422);
      assertThat(oldBackfill.errorField()).isEqualTo("backfill_since");

      // Kafka deletes what retention no longer holds by moving each partition's start past it:
      // do that to everything published so far, then publish one more event
      Instant beforeDeletion = Instant.now();
      deleteEverythingPublished();
      publishInvoice(api, "after-deletion");
      ApiClient.Response gone = api.post(replay, "{\"since\":\"" + beforeDeletion + "\"}");
      assertThat(gone.status()).as(gone.toString()).isEqualTo(422);
      assertThat(gone.errorField()).isEqualTo("since");
      Instant available =
          Instant.parse(
              gone.body().path("error").path("details").path("earliest_available").asString());
      assertThat(available)
          .as("the publish time of the one event the topic still holds")
          .isAfterOrEqualTo(beforeDeletion.truncatedTo(ChronoUnit.MILLIS))
          .isBeforeOrEqualTo(Instant.now());
      JsonNode window = api.get("/api/v1/replay-window").body();
      assertThat(window.path("retention").asString()).isEqualTo("P7D");
      assertThat(Instant.parse(window.path("earliest_available").asString())).isEqualTo(available);
      ApiClient.Response held = api.post(replay, "{\"since\":\"" + available + "\"}");
      assertThat(held.status()).as(held.toString()).isEqualTo(202);
      assertThat(held.body().path("events").asLong()).isEqualTo(1);
    }
  }

  private static void deleteEverythingPublished() throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", hookyard.kafkaBootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(Topics.EVENTS.name()))
          .allTopicNames()
          .get()
          .get(Topics.EVENTS.name())
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(Topics.EVENTS.name(), p.partition()),
                      OffsetSpec.latest()));
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((p, info) -> delete.put(p, RecordsToDelete.beforeOffset(info.offset())));
      admin.deleteRecords(delete).all().get();
    }
  }

  private static void publishBatch(ApiClient api, String prefix, int from, int n) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      String id = prefix + "-" + i;
      items.add(
          Map.of(
              "type",
              "invoice.paid",
              "subject",
              id,
              "data",
              Map.of("id", id, "customer_id", "cus_1", "amount", 1200, "currency", "EUR")));
    }
    ApiClient.Response response =
        api.post("/api/v1/events/batch", Json.writeString(Map.of("events", items)));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body().path("accepted").asInt()).isEqualTo(n);
  }

  /** Each invoice's webhook-id; fails if one invoice arrived with two different ids. */
  private static Map<String, String> idsByInvoice(List<ScriptedReceiver.Got> received) {
    return received.stream()
        .collect(
            Collectors.toMap(
                ReplayIT::invoice,
                g -> g.header("webhook-id"),
                (a, b) -> {
                  assertThat(b).as("the same event with another webhook-id").isEqualTo(a);
                  return a;
                }));
  }

  private static String invoice(ScriptedReceiver.Got got) {
    return Json.tree(got.body().getBytes(StandardCharsets.UTF_8))
        .path("data")
        .path("id")
        .asString();
  }
}
