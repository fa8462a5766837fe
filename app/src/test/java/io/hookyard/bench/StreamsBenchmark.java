package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Not a test: the streams benchmark ({@code bench/streams.sh}). On the embedded broker, with the
 * ingest, streams and control roles (no dispatch: deliveries are counted on {@code
 * hookyard.deliveries}, not sent):
 *
 * <ol>
 *   <li>throughput: N vendor events (20 % redeliveries) written to {@code hookyard.inbound.raw} as
 *       ingest writes them, timed until the unique ones' deliveries are all committed, so the rate
 *       covers dedup, normalize and route end to end;
 *   <li>fan-out: 1,000 endpoints subscribed to {@code contact.*}, then one event at a time, timed
 *       from writing it until its 1,000 deliveries are committed (goal &lt; 1 s).
 * </ol>
 *
 * Arguments: {@code [events=50000] [fanOutRounds=5]}.
 */
public final class StreamsBenchmark {
  private static final String ROLES = "--hookyard.roles=ingest,streams,control";
  private static final int ENDPOINTS = 1_000;

  private StreamsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dataDir = Files.createTempDirectory("hookyard-bench");
    try (RunningHookyard hookyard = RunningHookyard.start(dataDir, ROLES)) {
      ApiClient.Response created =
          hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Bench\"}");
      TenantId tenant = new TenantId(created.body().path("id").asString());
      ApiClient api = new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString());
      SourceId source =
          new SourceId(
              api.post(
                      "/api/v1/sources",
                      "{\"type\":\"standard-webhooks\",\"name\":\"bench\",\"secret\":\"whsec_b\"}")
                  .body()
                  .path("id")
                  .asString());
      endpoint(api, "invoice.*");
      String bootstrap = hookyard.kafkaBootstrapServers();

      try (DeliveryCounter counter = new DeliveryCounter(bootstrap);
          KafkaProducer<String, InboundRecord> producer = producer(bootstrap)) {
        int unique = events - events / 5;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
          int n = i < unique ? i : i - unique;
          send(producer, tenant, source, "inv_" + n, invoice(n));
        }
        producer.flush();
        counter.awaitAtLeast(unique, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "throughput: %d inbound records (%d unique) -> %d deliveries in %.1f s = %.0f records/s%n",
            events, unique, counter.count(), seconds, events / seconds);

        for (int i = 0; i < ENDPOINTS; i++) {
          endpoint(api, "contact.*");
        }
        List<Double> latencies = new ArrayList<>();
        for (int round = 0; round < rounds + 1; round++) {
          long before = counter.count();
          long sent = System.nanoTime();
          send(producer, tenant, source, "con_" + round, contact(round));
          producer.flush();
          counter.awaitAtLeast(before + ENDPOINTS, Duration.ofMinutes(5));
          double ms = (System.nanoTime() - sent) / 1e6;
          if (round > 0) {
            latencies.add(ms);
          }
          System.out.printf(
              "fan-out round %d%s: 1 event -> %d deliveries committed in %.0f ms%n",
              round, round == 0 ? " (warm-up, not counted)" : "", ENDPOINTS, ms);
        }
        latencies.sort(Double::compare);
        System.out.printf(
            "fan-out to %d endpoints: median %.0f ms, max %.0f ms over %d rounds%n",
            ENDPOINTS,
            latencies.get(latencies.size() / 2),
            latencies.get(latencies.size() - 1),
            latencies.size());
      }
    }
    System.exit(0);
  }

  private static void endpoint(ApiClient api, String types) {
    ApiClient.Response response =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"https://example.com/hook\",\"event_types\":[\"" + types + "\"]}");
    if (response.status() != 201) {
      throw new IllegalStateException("endpoint not created: " + response);
    }
  }

  private static String invoice(int n) {
    return "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_"
        + n
        + "\",\"customer_id\":\"cus_1\",\"amount\":"
        + n
        + ",\"currency\":\"EUR\"}}";
  }

  private static String contact(int n) {
    return "{\"type\":\"contact.created\",\"data\":{\"id\":\"con_" + n + "\"}}";
  }

  private static KafkaProducer<String, InboundRecord> producer(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(
        props,
        Topics.INBOUND_RAW.keySerde().serializer(),
        Topics.INBOUND_RAW.valueSerde().serializer());
  }

  private static void send(
      KafkaProducer<String, InboundRecord> producer,
      TenantId tenant,
      SourceId source,
      String dedupKey,
      String body) {
    InboundRecord record =
        new InboundRecord(
            Ids.next(InboundRecord.PREFIX),
            tenant,
            source,
            "standard-webhooks",
            dedupKey,
            null,
            Instant.now(),
            Map.of(),
            body.getBytes(StandardCharsets.UTF_8),
            null);
    producer.send(new ProducerRecord<>(Topics.INBOUND_RAW.name(), record.key(), record));
  }

  /** Counts committed deliveries on its own thread, from the beginning of the topic. */
  private static final class DeliveryCounter implements AutoCloseable {
    private final KafkaConsumer<String, Delivery> consumer;
    private final Thread thread;
    private volatile long count;
    private volatile boolean running = true;

    DeliveryCounter(String bootstrap) {
      Map<String, Object> props = new HashMap<>();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
      consumer =
          new KafkaConsumer<>(
              props,
              Topics.DELIVERIES.keySerde().deserializer(),
              Topics.DELIVERIES.valueSerde().deserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DELIVERIES.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      thread = new Thread(this::run, "delivery-counter");
      thread.start();
    }

    private void run() {
      while (running) {
        count += consumer.poll(Duration.ofMillis(20)).count();
      }
      consumer.close();
    }

    long count() {
      return count;
    }

    void awaitAtLeast(long expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + count + " of " + expected + " deliveries");
        }
        Thread.sleep(5);
      }
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
