package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.InboundTopic;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.Prometheus;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.StallingClient;
import io.hookyard.app.support.Tenants;
import io.hookyard.schemas.inbound.InboundRecord;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /in/{source}} against what an attacker or a broken sender does, on one running instance
 * with small bounds: clients that declare a megabyte and stall hold only what they sent, and are
 * answered 408 once the body timeout passes; past a source's share of requests or bytes the answer
 * is 429, past the instance's 503, both with {@code Retry-After}; legitimate requests go through
 * again once the stall clears. Forged requests are counted by reason. A signed body cut short is
 * 400 {@code malformed_body} and stored nowhere. Exact Online notifications are deduplicated as
 * notifications, not as bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundHardeningIT {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final int DECLARED = 1_000_000;
  private static final int KIB = 1024;

  private RunningHookyard hookyard;
  private StallingClient client;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    hookyard =
        RunningHookyard.start(
            dataDir,
            "--hookyard.ingest.max-requests=12",
            "--hookyard.ingest.max-requests-per-source=8",
            "--hookyard.ingest.max-buffered-per-source=256KB",
            "--hookyard.ingest.body-timeout=15s");
    client = new StallingClient(hookyard);
  }

  @AfterAll
  void stop() {
    hookyard.close();
  }

  @Test
  void stalledBodiesHoldOnlyWhatArrivedAndTheBoundsAnswerUntilTheyTimeOut() throws Exception {
    ApiClient api = Tenants.create(hookyard, "Stalled").api();
    String a = standardWebhooksSource(api, "a");
    String b = standardWebhooksSource(api, "b");
    String c = standardWebhooksSource(api, "c");
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        stalled.add(client.stall(a, DECLARED, new byte[100]));
      }
      awaitGauge("hookyard_ingest_requests_in_flight", 6);
      // each holds the 8 KiB its 100 bytes needed, not the megabyte it declared
      awaitGauge("hookyard_ingest_buffered_bytes", 6 * 8 * KIB);
      assertThat(accepted(api, a, "msg_during_stall").status()).isEqualTo(200);

      stalled.add(client.stall(a, DECLARED, new byte[100]));
      stalled.add(client.stall(a, DECLARED, new byte[100]));
      awaitGauge("hookyard_ingest_requests_in_flight", 8);
      StallingClient.Answer sourceFull = client.answer(a, 0, new byte[0]);
      assertThat(sourceFull.status()).isEqualTo(429);
      assertThat(sourceFull.headers()).containsEntry("retry-after", "5");
      assertThat(sourceFull.body()).contains("\"code\":\"too_many_requests\"");

      // two bodies of 120 KiB hold 128 KiB each: all of b's 256 KiB
      stalled.add(client.stall(b, DECLARED, new byte[120 * KIB]));
      stalled.add(client.stall(b, DECLARED, new byte[120 * KIB]));
      awaitGauge("hookyard_ingest_buffered_bytes", 8 * 8 * KIB + 2 * 128 * KIB);
      StallingClient.Answer bytesFull = client.answer(b, DECLARED, new byte[10]);
      assertThat(bytesFull.status()).isEqualTo(429);
      assertThat(bytesFull.headers()).containsEntry("retry-after", "5");

      stalled.add(client.stall(c, DECLARED, new byte[100]));
      stalled.add(client.stall(c, DECLARED, new byte[100]));
      awaitGauge("hookyard_ingest_requests_in_flight", 12);
      StallingClient.Answer instanceFull = client.answer(c, 0, new byte[0]);
      assertThat(instanceFull.status()).isEqualTo(503);
      assertThat(instanceFull.headers()).containsEntry("retry-after", "5");
      assertThat(instanceFull.body()).contains("\"code\":\"unavailable\"");

      for (Socket socket : stalled) {
        StallingClient.Answer timedOut = StallingClient.read(socket);
        assertThat(timedOut.status()).isEqualTo(408);
        assertThat(timedOut.body()).contains("\"code\":\"request_timeout\"");
      }
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
    awaitGauge("hookyard_ingest_requests_in_flight", 0);
    awaitGauge("hookyard_ingest_buffered_bytes", 0);
    assertThat(accepted(api, a, "msg_after_a").status()).isEqualTo(200);
    assertThat(accepted(api, b, "msg_after_b").status()).isEqualTo(200);
    assertThat(accepted(api, c, "msg_after_c").status()).isEqualTo(200);
  }

  @Test
  void forgedRequestsAreCountedByReason() throws Exception {
    ApiClient api = Tenants.create(hookyard, "Forged").api();
    String source = standardWebhooksSource(api, "forged");
    double badBefore = unauthenticated("bad_signature");
    double unknownBefore = unauthenticated("unknown_source");

    String body = "{\"type\":\"invoice.paid\"}";
    for (int i = 0; i < 5; i++) {
      Map<String, String> forged = signed("msg_forged_" + i, body);
      forged.put("webhook-signature", new Webhook(SECRET).sign("msg_other", 1L, body));
      assertThat(api.postRaw(source, bytes(body), forged).status()).isEqualTo(401);
    }
    for (int i = 0; i < 3; i++) {
      String unknown = "/in/src_01jd00000000000000000000" + (10 + i);
      assertThat(api.postRaw(unknown, bytes(body), signed("msg_u" + i, body)).status())
          .isEqualTo(404);
    }

    assertThat(unauthenticated("bad_signature")).isEqualTo(badBefore + 5);
    assertThat(unauthenticated("unknown_source")).isEqualTo(unknownBefore + 3);
  }

  @Test
  void bodiesCutShortAreRefusedAndStoredNowhere() throws Exception {
    ApiClient api = Tenants.create(hookyard, "CutShort").api();
    String stripeSecret = "whsec_stripe_for_tests";
    String stripe =
        source(api, "{\"type\":\"stripe\",\"name\":\"s\",\"secret\":\"" + stripeSecret + "\"}");
    String salesforce =
        source(
            api,
            "{\"type\":\"salesforce\",\"name\":\"sf\","
                + "\"settings\":{\"organization_id\":\"00D5g000004XyZaEAK\"}}");

    String event = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}";
    String cutShort = event.substring(0, event.length() - 4);
    ApiClient.Response json =
        api.postRaw(stripe, bytes(cutShort), stripeSigned(stripeSecret, cutShort));
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.body().path("error").path("code").asString()).isEqualTo("malformed_body");
    String soap =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
            + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
            + "<notifications xmlns=\"http://soap.sforce.com/2005/09/outbound\">"
            + "<OrganizationId>00D5g000004XyZaEAK</OrganizationId><Notification><Id>04l1</Id>";
    ApiClient.Response xml =
        api.postRaw(salesforce, bytes(soap), Map.of("Content-Type", "text/xml; charset=utf-8"));
    assertThat(xml.status()).isEqualTo(400);
    assertThat(xml.body().path("error").path("code").asString()).isEqualTo("malformed_body");

    assertThat(api.postRaw(stripe, bytes(event), stripeSigned(stripeSecret, event)).status())
        .isEqualTo(200);
    String stripeId = stripe.substring("/in/".length());
    String salesforceId = salesforce.substring("/in/".length());
    List<InboundRecord> stored = InboundTopic.all(hookyard.kafkaBootstrapServers());
    assertThat(stored)
        .filteredOn(r -> r.sourceId().value().equals(stripeId))
        .extracting(InboundRecord::dedupKey)
        .containsExactly("evt_1");
    assertThat(stored).filteredOn(r -> r.sourceId().value().equals(salesforceId)).isEmpty();
  }

  @Test
  void exactOnlineRoutesTheSameChangeTwiceAndARedeliveryOnce() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      ApiClient api = Tenants.create(hookyard, "Exact").api();
      String exactSecret = "webhook-secret";
      String source =
          source(
              api, "{\"type\":\"exact-online\",\"name\":\"e\",\"secret\":\"" + exactSecret + "\"}");
      assertThat(
              api.post(
                      "/api/v1/endpoints",
                      "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"company.*\"]}")
                  .status())
          .isEqualTo(201);
      double duplicatesBefore = metric("hookyard_streams_inbound_duplicates_total");
      String updated =
          "{\"Topic\":\"Accounts\",\"ClientId\":\"00000000-0000-0000-0000-000000000000\","
              + "\"Division\":123456,\"Action\":\"Update\",\"Key\":\"%s\"%s}";
      String first = "11111111-1111-1111-1111-111111111111";
      String second = "22222222-2222-2222-2222-222222222222";
      String at8 = updated.formatted(first, ",\"EventCreatedOn\":\"2026-12-04T08:00:00.000\"");
      String at9 = updated.formatted(first, ",\"EventCreatedOn\":\"2026-12-04T09:00:00.000\"");
      String untimed = updated.formatted(second, "");

      for (String content : List.of(at8, at8, at9, untimed, untimed)) {
        assertThat(
                api.postRaw(
                        source,
                        exact(exactSecret, content),
                        Map.of("Content-Type", "application/json"))
                    .status())
            .isEqualTo(200);
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  receiver.received().size() >= 4
                      && metric("hookyard_streams_inbound_duplicates_total")
                          >= duplicatesBefore + 1);
      assertThat(receiver.received()).hasSize(4);
      assertThat(receiver.received()).filteredOn(r -> r.body().contains(first)).hasSize(2);
      assertThat(receiver.received()).filteredOn(r -> r.body().contains(second)).hasSize(2);
      assertThat(metric("hookyard_streams_inbound_duplicates_total"))
          .isEqualTo(duplicatesBefore + 1);
    }
  }

  /** An Exact Online body: the content and its upper-case hex HMAC-SHA256 ({@code HashCode}). */
  private static byte[] exact(String secret, String content) throws Exception {
    String hashCode = HexFormat.of().formatHex(hmac(secret, content)).toUpperCase(Locale.ROOT);
    return bytes("{\"Content\":" + content + ",\"HashCode\":\"" + hashCode + "\"}");
  }

  private static Map<String, String> stripeSigned(String secret, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    String signature = HexFormat.of().formatHex(hmac(secret, now + "." + body));
    return Map.of(
        "Content-Type", "application/json", "Stripe-Signature", "t=" + now + ",v1=" + signature);
  }

  private static byte[] hmac(String secret, String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(bytes(secret), "HmacSHA256"));
    return mac.doFinal(bytes(content));
  }

  private ApiClient.Response accepted(ApiClient api, String ingestUrl, String id) throws Exception {
    String body = "{\"type\":\"invoice.paid\",\"id\":\"" + id + "\"}";
    return api.postRaw(ingestUrl, bytes(body), signed(id, body));
  }

  private static String standardWebhooksSource(ApiClient api, String name) {
    return source(
        api,
        "{\"type\":\"standard-webhooks\",\"name\":\"" + name + "\",\"secret\":\"" + SECRET + "\"}");
  }

  private static String source(ApiClient api, String json) {
    ApiClient.Response created = api.post("/api/v1/sources", json);
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("ingest_url").asString();
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

  private void awaitGauge(String name, double expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(metric(name)).isEqualTo(expected));
  }

  private double metric(String name) {
    return Prometheus.value(hookyard, name);
  }

  private double unauthenticated(String reason) {
    return Prometheus.value(
        hookyard, "hookyard_ingest_webhooks_unauthenticated_total", "reason", reason);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
