package io.hookyard.app;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing ordered endpoint that gets more than {@code ordered-max-held} deliveries moves them to
 * its backlog on Kafka: its partition's commits move on past its failing head, an unordered
 * neighbour on that partition is not sent anything twice across a restart, and once the endpoint
 * recovers it gets every event, in publish order. Real broker, real PostgreSQL, scripted
 * subscribers on loopback; all waiting is awaited.
 */
class OrderedBacklogIT {
  private static final Duration LONG = Duration.ofSeconds(180);
  private static final String[] SETTINGS = {
    "--hookyard.dispatch.ordered-max-held=20",
    "--hookyard.dispatch.circuit-open-for=1s",
    "--logging.level.io.hookyard.dispatch.delivery.OrderedOverflow=DEBUG"
  };
  private static final String GROUP = "hookyard-dispatch";

  @TempDir Path dataDir;

  @Test
  void aFailingOrderedEndpointMovesItsBacklogAsideAndKeepsItsOrderAcrossARestart()
      throws Exception {
    try (ScriptedReceiver ordered = new ScriptedReceiver().thenAnswer(500);
        ScriptedReceiver neighbour = new ScriptedReceiver()) {
      String key;
      int partition;
      try (RunningHookyard hookyard = RunningHookyard.start(dataDir, SETTINGS)) {
        ApiClient api = tenant(hookyard);
        key = api.key();
        // no rate limit to speak of (the default 100 a minute would take a minute per 100)
        String schedule =
            "\"rate_limit_per_minute\":60000,\"retry_schedule\":["
                + "\"PT10S\",".repeat(19)
                + "\"PT10S\"]";
        String orderedId = invoiceEndpoint(api, ordered.url(), "\"ordered\":true," + schedule);
        String neighbourId = invoiceEndpoint(api, neighbour.url(), schedule);
        while (partition(neighbourId) != partition(orderedId)) {
          assertThat(api.delete("/api/v1/endpoints/" + neighbourId).status()).isEqualTo(204);
          neighbourId = invoiceEndpoint(api, neighbour.url(), schedule);
        }
        partition = partition(orderedId);
        for (int i = 0; i < 100; i++) {
          publishInvoice(api, String.format("seq-%03d", i), "one-customer");
        }
        await().atMost(LONG).until(() -> distinctIds(neighbour) == 100);
        assertThat(ordered.received())
            .as("while it fails, the ordered endpoint gets only its first event")
            .isNotEmpty()
            .allSatisfy(g -> assertThat(g.body()).contains("seq-000"));
        String bootstrap = hookyard.kafkaBootstrapServers();
        await()
            .atMost(LONG)
            .alias("the partition's commits move past the failing head, to the end")
            .until(() -> committedToTheEnd(bootstrap, partition));
        assertThat(hookyard.operator().getText("/actuator/prometheus"))
            .contains("hookyard_dispatch_ordered_overflowing 1.0");
      }

      try (RunningHookyard again = RunningHookyard.start(dataDir, SETTINGS)) {
        ApiClient api = new ApiClient(again.baseUrl(), key);
        for (int i = 100; i < 200; i++) {
          publishInvoice(api, String.format("seq-%03d", i), "one-customer");
        }
        await().atMost(LONG).until(() -> distinctIds(neighbour) == 200);
        String bootstrap = again.kafkaBootstrapServers();
        await().atMost(LONG).until(() -> committedToTheEnd(bootstrap, partition));
        assertThat(neighbour.received())
            .as("the neighbour is not sent again what it had before the restart")
            .hasSize(200);

        ordered.thenAnswer(200);
        await()
            .atMost(LONG)
            .until(
                () ->
                    ordered.received().stream()
                            .filter(g -> g.status() == 200)
                            .map(g -> g.header("webhook-id"))
                            .distinct()
                            .count()
                        == 200);
        Map<String, String> idOf = new HashMap<>();
        Set<String> order = new LinkedHashSet<>();
        for (ScriptedReceiver.Got g : ordered.received()) {
          String invoice = invoice(g);
          String webhookId = g.header("webhook-id");
          assertThat(idOf.putIfAbsent(webhookId, invoice))
              .as("a repeat carries the webhook-id of its event")
              .isIn(null, invoice);
          if (g.status() == 200) {
            order.add(invoice);
          }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          expected.add(String.format("seq-%03d", i));
        }
        assertThat(order)
            .as("each event first received in publish order")
            .containsExactlyElementsOf(expected);
        await()
            .atMost(LONG)
            .until(
                () ->
                    again
                        .operator()
                        .getText("/actuator/prometheus")
                        .contains("hookyard_dispatch_ordered_overflowing 0.0"));
      }
    }
  }

  private static long distinctIds(ScriptedReceiver receiver) {
    return receiver.received().stream().map(g -> g.header("webhook-id")).distinct().count();
  }

  private static String invoice(ScriptedReceiver.Got got) {
    return Json.tree(got.body().getBytes(StandardCharsets.UTF_8))
        .path("data")
        .path("id")
        .asString();
  }

  /**
   * Whether group {@code hookyard-dispatch} has committed the partition past its last record. Not
   * "committed offset = end offset": routing writes the topic in transactions, so the partition
   * ends with a commit marker that is no record and is never acknowledged, and the commit stops
   * just before it.
   */
  private static boolean committedToTheEnd(String bootstrap, int partition) throws Exception {
    TopicPartition tp = new TopicPartition(Topics.DELIVERIES.name(), partition);
    long committed;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      OffsetAndMetadata at =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(tp);
      if (at == null) {
        return false;
      }
      committed = at.offset();
    }
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<byte[], byte[]> reader =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      reader.assign(List.of(tp));
      long end = reader.endOffsets(List.of(tp)).get(tp);
      reader.seek(tp, committed);
      int after = 0;
      while (reader.position(tp) < end) {
        after += reader.poll(Duration.ofMillis(200)).count();
      }
      System.out.printf(
          "committed %d, end %d, records after the commit %d%n", committed, end, after);
      return after == 0;
    }
  }

  private static int partition(String endpointId) {
    byte[] key = endpointId.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % Topics.DELIVERIES.partitions();
  }
}
