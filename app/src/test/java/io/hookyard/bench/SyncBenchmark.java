package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.vendor.hubspot.HubSpotCrmFake;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Not a test: the sync benchmark ({@code bench/syncs.sh}). On the embedded broker with the ingest
 * and control roles, against the loopback HubSpot CRM answering at once:
 *
 * <ol>
 *   <li>changes/s: one sync's initial load of N contacts (CRM search, 100 a page), timed from
 *       creating the sync until all N changes are committed on {@code hookyard.inbound.raw};
 *       against a bare loop that pages the same search with the JDK's HTTP client and produces each
 *       result with a plain {@code acks=all} producer, in alternating rounds;
 *   <li>heap: live heap after a full GC, before and after 100 syncs of M records each finished
 *       their initial loads and went on running incrementally.
 * </ol>
 *
 * Arguments: {@code [records=20000] [rounds=3] [syncs=100] [recordsPerSync=500]}. The same rounds
 * against Exact Online: {@link ExactOnlineSyncBenchmark}.
 */
public final class SyncBenchmark {
  static final String BARE_TOPIC = "bench.sync.bare";

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int syncs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int perSync = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    Path dataDir = Files.createTempDirectory("hookyard-bench");
    try (HubSpotCrmFake hubspot = new HubSpotCrmFake();
        RunningHookyard hookyard =
            RunningHookyard.start(
                dataDir,
                "--hookyard.roles=ingest,control",
                "--hookyard.connections.vendors.hubspot.base-url=" + hubspot.baseUrl(),
                "--logging.level.io.hookyard=WARN")) {
      hubspot.privateAppToken("pat-bench", 1_000_000);
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < records; i++) {
        hubspot.create(
            "contacts",
            Map.of("email", "b" + i + "@example.com", "firstname", "B" + i),
            t0.plusMillis(i));
      }
      BenchTenant.Tenant tenant = BenchTenant.create(hookyard);
      String conn =
          tenant
              .api()
              .post(
                  "/api/v1/connections",
                  "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"pat-bench\"},"
                      + "\"settings\":{\"requests_per_10s\":1000000}}")
              .body()
              .path("id")
              .asString();
      String bootstrap = hookyard.kafkaBootstrapServers();
      bareTopic(bootstrap);
      double best = 0;
      for (int round = 1; round <= rounds; round++) {
        double bare = bare(hubspot.baseUrl(), bootstrap, records);
        double ours = hookyard(tenant.api(), conn, "contacts", bootstrap, records);
        best = Math.max(best, ours / bare);
        System.out.printf(
            "round %d: bare loop %.0f changes/s, Hookyard %.0f changes/s, ratio %.2f%n",
            round, bare, ours, ours / bare);
      }
      System.out.printf("best ratio %.2f%n", best);
      heap(hubspot, tenant.api(), bootstrap, syncs, perSync);
    }
  }

  /** The bare loop's topic, {@value #BARE_TOPIC}, partitioned as the inbound topic. */
  static void bareTopic(String bootstrap) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(
                      BARE_TOPIC, Topics.INBOUND_RAW.partitions(), (short) 1)))
          .all()
          .get();
    }
  }

  /**
   * One new sync's initial load of every record of {@code entity}, timed from creating the sync
   * until all {@code records} changes are committed on the inbound topic.
   */
  static double hookyard(ApiClient api, String conn, String entity, String bootstrap, int records) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INBOUND_RAW.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      long start = System.nanoTime();
      api.post(
          "/api/v1/connections/" + conn + "/syncs",
          "{\"entity\":\""
              + entity
              + "\",\"since\":\"1970-01-01T00:00:00Z\",\"interval\":\"P1D\"}");
      int seen = 0;
      while (seen < records) {
        seen += consumer.poll(Duration.ofMillis(20)).count();
      }
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Pages the same search and produces every result, as plainly as it can be done. */
  private static double bare(String base, String bootstrap, int records) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    long start = System.nanoTime();
    int sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      String after = null;
      do {
        String body =
            "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"lastmodifieddate\","
                + "\"operator\":\"GTE\",\"value\":\"0\"}]}],\"sorts\":[{\"propertyName\":"
                + "\"lastmodifieddate\",\"direction\":\"ASCENDING\"}],\"properties\":[\"email\","
                + "\"firstname\"],\"limit\":100"
                + (after == null ? "" : ",\"after\":\"" + after + "\"")
                + "}";
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/crm/v3/objects/contacts/search"))
                    .header("Authorization", "Bearer pat-bench")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode page = Json.tree(response.body());
        for (JsonNode result : page.path("results")) {
          producer.send(
              new ProducerRecord<>(BARE_TOPIC, result.path("id").asString(), Json.write(result)));
          sent++;
        }
        after = page.path("paging").path("next").path("after").asString(null);
      } while (after != null && sent < records);
      producer.flush();
    }
    return sent / ((System.nanoTime() - start) / 1e9);
  }

  private static void heap(
      HubSpotCrmFake hubspot, ApiClient api, String bootstrap, int syncs, int perSync)
      throws InterruptedException {
    long before = liveHeap();
    Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
    for (int s = 0; s < syncs; s++) {
      String token = "pat-heap-" + s;
      hubspot.privateAppToken(token, 1_000_000);
      String conn =
          api.post(
                  "/api/v1/connections",
                  "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\""
                      + token
                      + "\"},"
                      + "\"settings\":{\"requests_per_10s\":1000000}}")
              .body()
              .path("id")
              .asString();
      api.post(
          "/api/v1/connections/" + conn + "/syncs",
          "{\"entity\":\"deals\",\"interval\":\"PT30S\",\"since\":\"1970-01-01T00:00:00Z\"}");
    }
    for (int i = 0; i < perSync; i++) {
      hubspot.create("deals", Map.of("dealname", "D" + i), t0.plusMillis(i));
    }
    long target = committed(bootstrap, Topics.INBOUND_RAW.name()) + (long) syncs * perSync;
    // every sync lists the same deals: wait until each has reported all of them
    while (committed(bootstrap, Topics.INBOUND_RAW.name()) < target) {
      Thread.sleep(200);
    }
    Thread.sleep(5_000);
    long after = liveHeap();
    System.out.printf(
        "heap: %d syncs of %d records: %.1f MiB more live heap (%.1f MiB per 100)%n",
        syncs, perSync, (after - before) / 1048576.0, (after - before) / 1048576.0 * 100 / syncs);
  }

  private static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Committed records on a topic: the read_committed end offsets, summed. */
  private static long committed(String bootstrap, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
