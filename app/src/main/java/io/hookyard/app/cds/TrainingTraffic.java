package io.hookyard.app.cds;

import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.schemas.json.Json;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The training run's traffic: a tenant, an endpoint at a loopback receiver inside this process and
 * a Standard Webhooks source, then {@code events} events through the publish API and as many signed
 * through {@code /in}, 16 at a time, until the receiver has them all. So the archive holds the
 * classes of the whole path (ingest, both Streams applications, routing, signing, delivery, the
 * attempt log), not only those of start-up, and a JDK 25 AOT cache also gets the hot methods'
 * profiles: the first minute after a start runs warm sooner (docs/benchmarks.md, start-up).
 */
final class TrainingTraffic {
  private static final String TYPE = "invoice.paid";
  private static final String SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("cds-training-source-key".getBytes());
  private static final WebhookSigner SIGNER = WebhookSigner.forSecret(SECRET);
  private static final Duration MOST = Duration.ofMinutes(2);

  private final String base;
  private final String operatorKey;
  private final int events;
  private final HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(30));

  TrainingTraffic(int port, String operatorKey, int events) {
    this.base = "http://127.0.0.1:" + port;
    this.operatorKey = operatorKey;
    this.events = events;
  }

  /** Sends the traffic and waits for its delivery; answers how many the receiver got. */
  int run() throws Exception {
    AtomicInteger received = new AtomicInteger();
    DisposableServer receiver =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  received.incrementAndGet();
                  return request.receive().then(response.status(204).send());
                })
            .bindNow();
    try {
      JsonNode tenant = post("/api/v1/tenants", operatorKey, "{\"name\":\"cds-training\"}");
      String key = tenant.path("api_key").asString();
      // neither the tenant's API limit nor the endpoint's may pace the training
      send(
              HttpMethod.PATCH,
              base + "/api/v1/tenants/" + tenant.path("id").asString(),
              Map.of("Authorization", "Bearer " + operatorKey),
              "{\"api_rate_limit_per_minute\":1000000}")
          .block(MOST);
      post(
          "/api/v1/endpoints",
          key,
          "{\"url\":\"http://127.0.0.1:"
              + receiver.port()
              + "/\",\"event_types\":[\""
              + TYPE
              + "\"],\"rate_limit_per_minute\":1000000}");
      JsonNode source =
          post(
              "/api/v1/sources",
              key,
              "{\"type\":\"standard-webhooks\",\"name\":\"training\",\"secret\":\""
                  + SECRET
                  + "\"}");
      String ingest = source.path("ingest_url").asString();
      String in = ingest.startsWith("/") ? base + ingest : ingest;
      Flux.range(0, events * 2)
          .flatMap(n -> n % 2 == 0 ? publish(key, n) : signed(in, n), 16)
          .then()
          .block(MOST);
      long deadline = System.nanoTime() + MOST.toNanos();
      while (received.get() < events * 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      return received.get();
    } finally {
      receiver.disposeNow();
    }
  }

  private static String data(int n) {
    return "{\"id\":\"inv_"
        + n
        + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\",\"note\":\"training\"}";
  }

  private Mono<Integer> publish(String key, int n) {
    String body =
        "{\"type\":\"" + TYPE + "\",\"subject\":\"inv_" + n + "\",\"data\":" + data(n) + "}";
    return send(
        HttpMethod.POST, base + "/api/v1/events", Map.of("Authorization", "Bearer " + key), body);
  }

  private Mono<Integer> signed(String url, int n) {
    String body =
        "{\"type\":\""
            + TYPE
            + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":"
            + data(n)
            + "}";
    String id = "msg_training_" + n;
    long now = System.currentTimeMillis() / 1000;
    return send(
        HttpMethod.POST,
        url,
        Map.of(
            "webhook-id", id,
            "webhook-timestamp", Long.toString(now),
            "webhook-signature", SIGNER.sign(id, now, body.getBytes(StandardCharsets.UTF_8))),
        body);
  }

  private Mono<Integer> send(
      HttpMethod method, String url, Map<String, String> headers, String body) {
    return client
        .headers(
            h -> {
              h.set("Content-Type", "application/json");
              headers.forEach(h::set);
            })
        .request(method)
        .uri(url)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
        .onErrorReturn(0);
  }

  private JsonNode post(String path, String key, String body) {
    String answer =
        client
            .headers(
                h -> {
                  h.set("Content-Type", "application/json");
                  h.set("Authorization", "Bearer " + key);
                })
            .post()
            .uri(base + path)
            .send(ByteBufFlux.fromString(Mono.just(body)))
            .responseSingle(
                (response, content) -> {
                  if (response.status().code() != 201) {
                    return Mono.error(
                        new IllegalStateException(path + " answered " + response.status().code()));
                  }
                  return content.asString();
                })
            .block(MOST);
    return Json.mapper().readTree(answer);
  }
}
