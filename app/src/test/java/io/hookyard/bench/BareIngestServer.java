package io.hookyard.bench;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's baseline: a bare reactor-netty server that writes each request body to a bare
 * KafkaProducer ({@code acks=all}, idempotent, {@code linger.ms=1} as Hookyard's edge producer) and
 * answers 202 once Kafka acknowledged it. No verification, no archive, no framework: the floor
 * Hookyard's ingest path is measured against.
 */
final class BareIngestServer implements AutoCloseable {
  static final String TOPIC = "bench.bare";
  static final String PATH = "/in/bare";

  private final KafkaProducer<byte[], byte[]> producer;
  private final DisposableServer server;

  BareIngestServer(String bootstrapServers, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(java.util.List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                1),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.post(
                        PATH,
                        (request, response) ->
                            request
                                .receive()
                                .aggregate()
                                .asByteArray()
                                .flatMap(this::send)
                                .then(response.status(202).send())))
            .bindNow();
  }

  private Mono<Void> send(byte[] body) {
    return Mono.create(
        sink ->
            producer.send(
                new ProducerRecord<>(TOPIC, body),
                (metadata, error) -> {
                  if (error == null) {
                    sink.success();
                  } else {
                    sink.error(error);
                  }
                }));
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + PATH;
  }

  @Override
  public void close() {
    server.disposeNow();
    producer.close();
  }
}
