package io.hookyard.bench;

import com.standardwebhooks.Webhook;
import io.hookyard.app.embedded.BenchBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.resources.ConnectionProvider;

/**
 * The baseline of {@code bench/e2e.sh}, in a process of its own: the most direct chain that does
 * Hookyard's end-to-end job. A reactor-netty server verifies each request's Standard Webhooks
 * signature and writes the body to Kafka ({@code acks=all}, idempotent) before answering 202; one
 * plain consumer POSTs each record to the subscriber as a signed webhook, 16 in flight, and commits
 * after each polled batch is answered. Same kind of single-node KRaft broker as embedded mode.
 *
 * <p>Arguments: data folder, subscriber URL, signing secret. Prints {@code PORT <n>} when ready.
 */
public final class BareChain {
  private static final String TOPIC = "bench.chain";
  private static final int IN_FLIGHT = 16;

  private BareChain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    String subscriber = args[1];
    Webhook webhook = new Webhook(args[2]);
    try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"))) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
      }
      KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
      DisposableServer server =
          HttpServer.create()
              .host("127.0.0.1")
              .port(0)
              .route(
                  routes ->
                      routes.post(
                          "/in",
                          (request, response) ->
                              request
                                  .receive()
                                  .aggregate()
                                  .asByteArray()
                                  .flatMap(body -> verifyAndSend(webhook, producer, request, body))
                                  .flatMap(status -> response.status(status).send().then())))
              .bindNow();
      Thread consumer = new Thread(() -> consume(bootstrap, subscriber, webhook), "bare-consumer");
      consumer.setDaemon(true);
      consumer.start();
      System.out.println("PORT " + server.port());
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            1),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static Mono<Integer> verifyAndSend(
      Webhook webhook,
      KafkaProducer<byte[], byte[]> producer,
      HttpServerRequest request,
      byte[] body) {
    String id = request.requestHeaders().get("webhook-id");
    try {
      webhook.verify(
          new String(body, StandardCharsets.UTF_8),
          Map.of(
              "webhook-id", List.of(String.valueOf(id)),
              "webhook-timestamp",
                  List.of(String.valueOf(request.requestHeaders().get("webhook-timestamp"))),
              "webhook-signature",
                  List.of(String.valueOf(request.requestHeaders().get("webhook-signature")))));
    } catch (Exception e) {
      return Mono.just(401);
    }
    return Mono.create(
        sink ->
            producer.send(
                new ProducerRecord<>(TOPIC, id.getBytes(StandardCharsets.UTF_8), body),
                (metadata, error) -> {
                  if (error == null) {
                    sink.success(202);
                  } else {
                    sink.success(503);
                  }
                }));
  }

  private static void consume(String bootstrap, String subscriber, Webhook webhook) {
    HttpClient client =
        HttpClient.create(ConnectionProvider.create("bare-dispatch", IN_FLIGHT))
            .headers(h -> h.set("Content-Type", "application/json"));
    Semaphore slots = new Semaphore(IN_FLIGHT);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bare-dispatch",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          slots.acquireUninterruptibly();
          post(client, webhook, subscriber, record)
              .subscribe(s -> {}, e -> slots.release(), slots::release);
        }
        if (!records.isEmpty()) {
          // the batch is answered once every slot is free again
          slots.acquireUninterruptibly(IN_FLIGHT);
          slots.release(IN_FLIGHT);
          consumer.commitAsync();
        }
      }
    }
  }

  private static Mono<Integer> post(
      HttpClient client, Webhook webhook, String url, ConsumerRecord<byte[], byte[]> record) {
    String id = new String(record.key(), StandardCharsets.UTF_8);
    String body = new String(record.value(), StandardCharsets.UTF_8);
    long now = System.currentTimeMillis() / 1000;
    String signature;
    try {
      signature = webhook.sign(id, now, body);
    } catch (Exception e) {
      return Mono.error(e);
    }
    return client
        .headers(
            h ->
                h.set("webhook-id", id)
                    .set("webhook-timestamp", Long.toString(now))
                    .set("webhook-signature", signature))
        .post()
        .uri(url)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())));
  }
}
