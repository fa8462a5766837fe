package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Vendor webhooks into the embedded system: a Standard Webhooks source, signed requests from the
 * reference library, and what ends up on {@code hookyard.inbound.raw} and in the archive.
 */
@SharedHookyard.Sharing
class InboundWebhookIT {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final RunningHookyard hookyard = SharedHookyard.get();

  @Test
  void aVendorEventReachesSubscribersOnceEvenWhenTheVendorRedeliversIt() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      ApiClient.Response tenant =
          hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Acme\"}");
      String tenantId = tenant.body().path("id").asString();
      ApiClient api = new ApiClient(hookyard.baseUrl(), tenant.body().path("api_key").asString());
      String ingestUrl =
          api.post(
                  "/api/v1/sources",
                  "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\""
                      + SECRET
                      + "\"}")
              .body()
              .path("ingest_url")
              .asString();
      assertThat(
              api.post(
                      "/api/v1/endpoints",
                      "{\"url\":\""
                          + receiver.url()
                          + "\",\"event_types\":[\"invoice.*\",\"vendor.*\",\"entity.*\"]}")
                  .status())
          .isEqualTo(201);

      String paid =
          "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_5\",\"customer_id\":\"c\",\"amount\":5,\"currency\":\"EUR\"}}";
      assertThat(api.postRaw(ingestUrl, bytes(paid), signed("msg_paid", paid)).status())
          .isEqualTo(200);
      assertThat(api.postRaw(ingestUrl, bytes(paid), signed("msg_paid", paid)).status())
          .isEqualTo(200);
      for (int i = 0; i < 6; i++) {
        String other = "{\"type\":\"shipment.sent\",\"data\":{\"n\":" + i + "}}";
        assertThat(api.postRaw(ingestUrl, bytes(other), signed("msg_other_" + i, other)).status())
            .isEqualTo(200);
      }

      String invoice =
          "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_idem\",\"customer_id\":\"c\",\"amount\":1,\"currency\":\"EUR\"}}";
      Map<String, String> idempotent =
          Map.of("Idempotency-Key", "order-42", "Content-Type", "application/json");
      ApiClient.Response first = api.postRaw("/api/v1/events", bytes(invoice), idempotent);
      ApiClient.Response retry = api.postRaw("/api/v1/events", bytes(invoice), idempotent);
      assertThat(first.status()).isEqualTo(202);
      assertThat(retry.body().path("id").asString()).isEqualTo(first.body().path("id").asString());

      produceCloudEvent(hookyard.property("hookyard.kafka.bootstrap-servers"), tenantId);

      await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() >= 9);
      List<String> types =
          receiver.received().stream()
              .map(r -> Json.tree(bytes(r.body())).path("event_type").asString())
              .toList();
      assertThat(types).filteredOn("invoice.paid"::equals).hasSize(2);
      assertThat(receiver.received()).filteredOn(r -> r.body().contains("inv_idem")).hasSize(1);
      assertThat(receiver.received()).filteredOn(r -> r.body().contains("ord_42")).hasSize(1);
      assertThat(types).filteredOn("vendor.standard_webhooks.shipment_sent"::equals).hasSize(6);
    }
  }

  /**
   * Nothing else: not a forged, unsigned or unknown-source request, nor a signed body cut short.
   */
  @Test
  void verifiedRequestsAreStoredAndArchivedAndNothingElseIs() throws Exception {
    ApiClient.Response created = hookyard.operator().post("/api/v1/tenants", "{\"name\":\"Acme\"}");
    String tenant = created.body().path("id").asString();
    String key = created.body().path("api_key").asString();
    ApiClient api = new ApiClient(hookyard.baseUrl(), key);
    ApiClient.Response source =
        api.post(
            "/api/v1/sources",
            "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\"" + SECRET + "\"}");
    assertThat(source.status()).isEqualTo(201);
    assertThat(source.body().has("secret")).isFalse();
    String ingestUrl = source.body().path("ingest_url").asString();
    assertThat(ingestUrl).startsWith("/in/src_");

    String body = "{\"type\":\"invoice.paid\",\"id\":\"inv_77\"}";
    String cutShort = body.substring(0, body.length() - 5);
    ApiClient.Response malformed =
        api.postRaw(ingestUrl, bytes(cutShort), signed("msg_cut_short", cutShort));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("error").path("code").asString()).isEqualTo("malformed_body");
    ApiClient.Response accepted = api.postRaw(ingestUrl, bytes(body), signed("msg_good", body));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body().path("accepted").asInt()).isEqualTo(1);

    Map<String, String> tampered = signed("msg_tampered", body);
    assertThat(api.postRaw(ingestUrl, bytes(body.replace("77", "78")), tampered).status())
        .isEqualTo(401);
    ApiClient.Response unsigned =
        api.postRaw(ingestUrl, bytes(body), Map.of("Content-Type", "application/json"));
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.body().path("error").path("code").asString())
        .isEqualTo("signature_invalid");
    assertThat(
            api.postRaw("/in/src_01jd0000000000000000000000", bytes(body), signed("msg_x", body))
                .status())
        .isEqualTo(404);

    String large = "{\"blob\":\"" + "x".repeat(300 * 1024) + "\"}";
    assertThat(api.postRaw(ingestUrl, bytes(large), signed("msg_large", large)).status())
        .isEqualTo(200);
    String tooLarge = "{\"blob\":\"" + "x".repeat(1100 * 1024) + "\"}";
    assertThat(api.postRaw(ingestUrl, bytes(tooLarge), signed("msg_huge", tooLarge)).status())
        .isEqualTo(413);

    List<InboundRecord> stored =
        InboundTopic.awaitAtLeast(hookyard.property("hookyard.kafka.bootstrap-servers"), 2, tenant);
    assertThat(stored).extracting(InboundRecord::dedupKey).containsExactly("msg_good", "msg_large");
    InboundRecord good = stored.get(0);
    assertThat(good.vendor()).isEqualTo("standard-webhooks");
    assertThat(new String(good.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    assertThat(good.headers()).containsKey("webhook-id").doesNotContainKey("authorization");
    InboundRecord claimCheck = stored.get(1);
    assertThat(claimCheck.body()).isNull();
    Path blobs = hookyard.dataDir().resolve("blobs");
    assertThat(Files.readString(blobs.resolve(claimCheck.blobKey()))).isEqualTo(large);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                archivedRecords(blobs).stream()
                    .anyMatch(
                        r ->
                            r.id().equals(good.id())
                                && new String(r.body(), StandardCharsets.UTF_8).equals(body)));

    assertThat(
            hookyard
                .operator()
                .patch(
                    "/api/v1/tenants/" + tenant, "{\"integrations\":{\"standard-webhooks\":false}}")
                .status())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.postRaw(ingestUrl, bytes(body), signed("msg_off", body)).status() == 404);
  }

  /** The README's example of an internal service producing a CloudEvent straight to Kafka. */
  private static void produceCloudEvent(String bootstrapServers, String tenantId) throws Exception {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new CloudEventSerializer())) {
      CloudEvent event =
          CloudEventBuilder.v1()
              .withId("order-42-shipped")
              .withSource(URI.create("/orders"))
              .withType("entity.updated")
              .withDataContentType("application/json")
              .withData("{\"id\":\"ord_42\",\"kind\":\"order\"}".getBytes(StandardCharsets.UTF_8))
              .withExtension("tenantid", tenantId)
              .build();
      producer.send(new ProducerRecord<>("hookyard.events", tenantId + "/ord_42", event)).get();
    }
  }

  private static Map<String, String> signed(String id, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(now));
    headers.put("webhook-signature", new Webhook(SECRET).sign(id, now, body));
    return headers;
  }

  /** Every record in the raw archive's segments (one JSON record a line). */
  private static List<InboundRecord> archivedRecords(Path blobs) throws java.io.IOException {
    List<InboundRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.walk(blobs)) {
      for (Path segment : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
          records.add(Json.read(bytes(line), InboundRecord.class));
        }
      }
    }
    return records;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
