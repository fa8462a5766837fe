package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.LoopbackVendor;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Secrets at rest, checked from outside: the encryption key rotates (start with key A, restart with
 * B sealing and A still opening, reseal, restart with B alone) without a subscriber, a vendor or a
 * connection noticing. (Header values sealed and never shown are in {@code HeaderSealingIT}, on the
 * shared app.)
 */
class SealingAndKeyRotationIT {
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final String SOURCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String TOKEN = LoopbackVendor.ISSUED_TOKEN;

  @TempDir Path dataDir;

  @Test
  void theKeyRotatesWithoutASubscriberAVendorOrAConnectionNoticing() throws Exception {
    String keyA = SecretBox.newKey();
    String keyB = SecretBox.newKey();
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        LoopbackVendor vendor = new LoopbackVendor()) {
      Tenant acme;
      String endpointId;
      String legacyId;
      String firstSecret;
      String secondSecret;
      String ingestUrl;
      String tokenConnection;
      String oauthConnection;

      try (RunningHookyard hookyard = start(vendor, "--hookyard.encryption-key=" + keyA)) {
        acme = Tenants.create(hookyard, "Acme");
        ApiClient api = acme.api();
        ApiClient.Response endpoint =
            api.post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + receiver.url()
                    + "\",\"event_types\":[\"invoice.*\"],"
                    + "\"headers\":{\"Authorization\":\"Bearer xyz\"}}");
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        endpointId = endpoint.body().path("id").asString();
        firstSecret = endpoint.body().path("secret").asString();
        secondSecret =
            api.post("/api/v1/endpoints/" + endpointId + "/secret/rotate", "")
                .body()
                .path("secret")
                .asString();
        legacyId = legacyEndpoint(hookyard, api, receiver);
        ingestUrl =
            api.post(
                    "/api/v1/sources",
                    "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\""
                        + SOURCE_SECRET
                        + "\"}")
                .body()
                .path("ingest_url")
                .asString();
        tokenConnection =
            api.post(
                    "/api/v1/connections",
                    "{\"vendor\":\"pipedrive\",\"auth\":{\"access_token\":\""
                        + TOKEN
                        + "\"},\"settings\":{\"company_domain\":\"acme\"}}")
                .body()
                .path("id")
                .asString();
        oauthConnection = authorizedExactOnline(hookyard, api);
        assertDelivered(api, receiver, "inv_a", endpointId, firstSecret, secondSecret);
      }

      try (RunningHookyard hookyard =
          start(
              vendor,
              "--hookyard.encryption-key=" + keyB,
              "--hookyard.encryption-previous-keys=" + keyA)) {
        ApiClient api = new ApiClient(hookyard.baseUrl(), acme.api().key());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(storedConfig(hookyard, legacyId)).doesNotContain("legacy-value"));
        assertDelivered(api, receiver, "inv_b", endpointId, firstSecret, secondSecret);
        ApiClient operator = hookyard.operator();
        JsonNode keys = operator.get("/api/v1/admin/encryption").body();
        String idB = SecretBox.fromBase64(keyB).keyId();
        assertThat(keys.path("key_id").asString()).isEqualTo(idB);
        assertThat(keys.path("key_ids").toString())
            .contains(idB, SecretBox.fromBase64(keyA).keyId());
        assertThat(api.post("/api/v1/admin/encryption/reseal", "").status()).isEqualTo(403);

        ApiClient.Response resealed = operator.post("/api/v1/admin/encryption/reseal", "");
        assertThat(resealed.status()).as(resealed.toString()).isEqualTo(200);
        JsonNode counts = resealed.body();
        assertThat(counts.path("key_id").asString()).isEqualTo(idB);
        assertThat(counts.path("failed").size()).as(counts.toString()).isZero();
        // the legacy endpoint's start-up sealing already put it under key B
        assertThat(counts.path("resealed").path("endpoints").asLong()).isEqualTo(1);
        assertThat(counts.path("unchanged").path("endpoints").asLong()).isEqualTo(1);
        assertThat(counts.path("resealed").path("sources").asLong()).isEqualTo(1);
        assertThat(counts.path("resealed").path("connections").asLong()).isEqualTo(2);

        JsonNode again = operator.post("/api/v1/admin/encryption/reseal", "").body();
        assertThat(again.path("resealed").toString())
            .isEqualTo("{\"connections\":0,\"endpoints\":0,\"sources\":0}");
        assertThat(again.path("unchanged").toString())
            .isEqualTo("{\"connections\":2,\"endpoints\":2,\"sources\":1}");
      }

      try (RunningHookyard hookyard = start(vendor, "--hookyard.encryption-key=" + keyB)) {
        ApiClient api = new ApiClient(hookyard.baseUrl(), acme.api().key());
        assertDelivered(api, receiver, "inv_c", endpointId, firstSecret, secondSecret);

        int before = receiver.received().size();
        String paid =
            "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_in\",\"customer_id\":\"c\","
                + "\"amount\":5,\"currency\":\"EUR\"}}";
        ApiClient.Response inbound =
            api.postRaw(ingestUrl, paid.getBytes(StandardCharsets.UTF_8), signed("msg_in", paid));
        assertThat(inbound.status()).as(inbound.toString()).isEqualTo(200);
        await()
            .atMost(DELIVERY)
            .until(
                () ->
                    receiver.received().stream()
                            .skip(before)
                            .filter(r -> r.body().contains("inv_in"))
                            .count()
                        >= 2);
        assertThat(receiver.received().stream().skip(before))
            .filteredOn(r -> r.body().contains("inv_in"))
            .anySatisfy(r -> assertThat(r.header("X-Legacy")).isEqualTo("legacy-value"))
            .anySatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer xyz"));

        for (String connection : List.of(tokenConnection, oauthConnection)) {
          ApiClient.Response checked = api.post("/api/v1/connections/" + connection + "/check", "");
          assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
          assertThat(checked.body().path("status").asString())
              .as(checked.toString())
              .isEqualTo("connected");
        }
      }
    }
  }

  private RunningHookyard start(LoopbackVendor vendor, String... keys) {
    String exact = "--hookyard.connections.vendors.exact-online.";
    List<String> settings =
        new ArrayList<>(
            List.of(
                exact + "base-url=" + vendor.baseUrl(),
                exact + "authorize-url=" + vendor.baseUrl() + "/oauth/authorize",
                exact + "token-url=" + vendor.baseUrl() + "/oauth/token",
                "--hookyard.connections.vendors.pipedrive.base-url=" + vendor.baseUrl()));
    settings.addAll(List.of(keys));
    return RunningHookyard.start(dataDir, settings.toArray(String[]::new));
  }

  /**
   * An endpoint as an older install stored it: its header value in clear, in PostgreSQL and on
   * {@code hookyard.config}. It is delivered with the header all the same.
   */
  private static String legacyEndpoint(
      RunningHookyard hookyard, ApiClient api, LoopbackReceiver receiver) {
    String id =
        api.post(
                "/api/v1/endpoints",
                "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"invoice.*\"]}")
            .body()
            .path("id")
            .asString();
    DatabaseClient db = hookyard.bean(DatabaseClient.class);
    db.sql(
            "update endpoints set config = jsonb_set(config, '{headers}',"
                + " '{\"X-Legacy\": \"legacy-value\"}'::jsonb) where id = :id")
        .bind("id", id)
        .then()
        .block();
    db.sql(
            "insert into config_outbox (record_key, record)"
                + " select tenant_id || '/' || id, config from endpoints where id = :id")
        .bind("id", id)
        .then()
        .block();
    int[] sent = {0};
    await()
        .atMost(DELIVERY)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              publishAndReceive(api, receiver, "inv_legacy_" + sent[0]++);
              return receiver.received().stream()
                  .anyMatch(r -> "legacy-value".equals(r.header("X-Legacy")));
            });
    return id;
  }

  /** An Exact Online connection authorized on the loopback vendor: it holds sealed tokens. */
  private static String authorizedExactOnline(RunningHookyard hookyard, ApiClient api) {
    ApiClient.Response created =
        api.post(
            "/api/v1/connections",
            "{\"vendor\":\"exact-online\",\"settings\":{\"division\":123},\"auth\":{\"client_id\":\""
                + LoopbackVendor.CLIENT_ID
                + "\",\"client_secret\":\""
                + LoopbackVendor.CLIENT_SECRET
                + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();
    URI location =
        URI.create(api.get("/api/v1/connections/" + id + "/authorize").header("Location"));
    String state =
        UriComponentsBuilder.fromUri(location).build().getQueryParams().getFirst("state");
    ApiClient.Response done =
        new ApiClient(hookyard.baseUrl(), null)
            .get("/oauth/callback?code=" + LoopbackVendor.CODE + "&state=" + state);
    assertThat(done.body().path("status").asString()).as(done.toString()).isEqualTo("connected");
    return id;
  }

  /**
   * An invoice reaches the endpoint with its header, signed with both secrets (the rotation
   * overlap), each verifying as a subscriber would verify it.
   */
  private static void assertDelivered(
      ApiClient api,
      LoopbackReceiver receiver,
      String invoice,
      String endpointId,
      String firstSecret,
      String secondSecret) {
    int before = receiver.received().size();
    ApiClient.Response published = api.post("/api/v1/events", invoice(invoice));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
    await()
        .atMost(DELIVERY)
        .until(
            () ->
                receiver.received().stream()
                    .skip(before)
                    .anyMatch(
                        r -> r.body().contains(invoice) && r.header("Authorization") != null));
    LoopbackReceiver.Received request =
        receiver.received().stream()
            .skip(before)
            .filter(r -> r.body().contains(invoice) && r.header("Authorization") != null)
            .findFirst()
            .orElseThrow();
    assertThat(request.header("Authorization")).isEqualTo("Bearer xyz");
    assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
    assertThatCode(() -> new Webhook(secondSecret).verify(request.body(), request.headers()))
        .as(endpointId)
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(firstSecret).verify(request.body(), request.headers()))
        .doesNotThrowAnyException();
  }

  static void assertNamesOnly(ApiClient.Response response, String... names) {
    assertThat(response.toString()).doesNotContain("xyz", "prod", "team-7");
    JsonNode headers = response.body().path("headers");
    assertThat(headers.propertyNames()).containsExactly(names);
    for (String name : names) {
      assertThat(headers.path(name).isNull()).as(name).isTrue();
    }
  }

  static LoopbackReceiver.Received publishAndReceive(
      ApiClient api, LoopbackReceiver receiver, String invoice) {
    int before = receiver.received().size();
    ApiClient.Response published = api.post("/api/v1/events", invoice(invoice));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
    await()
        .atMost(DELIVERY)
        .until(
            () ->
                receiver.received().stream()
                    .skip(before)
                    .anyMatch(r -> r.body().contains(invoice)));
    return receiver.received().stream()
        .skip(before)
        .filter(r -> r.body().contains(invoice))
        .findFirst()
        .orElseThrow();
  }

  private static String invoice(String id) {
    return "{\"type\":\"invoice.paid\",\"data\":{\"id\":\""
        + id
        + "\",\"customer_id\":\"cus_1\",\"amount\":1200,\"currency\":\"EUR\"}}";
  }

  static String storedConfig(RunningHookyard hookyard, String id) {
    return hookyard
        .bean(DatabaseClient.class)
        .sql("select config::text as config from endpoints where id = :id")
        .bind("id", id)
        .map(row -> row.get("config", String.class))
        .one()
        .block();
  }

  /** The values of every record {@code hookyard.config} holds under {@code key}. */
  static List<String> configRecords(String bootstrap, String key) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.CONFIG.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (key.equals(r.key()) && r.value() != null) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                  }
                });
      }
    }
    return values;
  }

  private static Map<String, String> signed(String id, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(now));
    headers.put("webhook-signature", new Webhook(SOURCE_SECRET).sign(id, now, body));
    return headers;
  }
}
