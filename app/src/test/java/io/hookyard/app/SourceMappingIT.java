package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's shaping of inbound events end to end: a Stripe source whose invoices carry a custom
 * {@code metadata} field, a mapping that lifts it onto the catalog event, and the endpoint that
 * receives the mapped {@code data}; and a Standard Webhooks source whose events take the type the
 * tenant registered itself.
 */
@SharedHookyard.Sharing
class SourceMappingIT {
  private static final String SECRET = "whsec_mapping_it_secret";
  private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final RunningHookyard hookyard = SharedHookyard.get();

  @Test
  void aMappingLiftsAVendorsCustomFieldIntoWhatTheEndpointReceives() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      ApiClient api = tenant(hookyard, "Acme");
      ApiClient other = tenant(hookyard, "Globex");
      JsonNode source =
          api.post(
                  "/api/v1/sources",
                  "{\"type\":\"stripe\",\"name\":\"billing\",\"secret\":\"" + SECRET + "\"}")
              .body();
      String mapping = "/api/v1/sources/" + source.path("id").asString() + "/mapping";
      assertThat(
              api.post(
                      "/api/v1/endpoints",
                      "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"invoice.*\"]}")
                  .status())
          .isEqualTo(201);

      ApiClient.Response broken = api.put(mapping, "{\"expression\":\"{\\\"a\\\": \"}");
      assertThat(broken.status()).isEqualTo(422);
      assertThat(broken.errorField()).isEqualTo("expression");
      assertThat(api.get(mapping).status()).isEqualTo(404);
      String lift = "{\"expression\":\"{\\\"account_manager\\\": properties.account_manager}\"}";
      assertThat(other.put(mapping, lift).status()).isEqualTo(404);
      assertThat(other.get(mapping).status()).isEqualTo(404);

      ApiClient.Response put = api.put(mapping, lift);
      assertThat(put.status()).isEqualTo(200);
      assertThat(api.get(mapping).body().path("expression").asString())
          .isEqualTo("{\"account_manager\": properties.account_manager}");

      String paid = stripeInvoicePaid("evt_mapping_1", "in_mapping_1");
      assertThat(
              api.postRaw(source.path("ingest_url").asString(), bytes(paid), signed(paid)).status())
          .isEqualTo(200);

      await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
      JsonNode delivered = Json.tree(bytes(receiver.received().get(0).body()));
      assertThat(delivered.path("event_type").asString()).isEqualTo("invoice.paid");
      JsonNode data = delivered.path("data");
      assertThat(data.path("account_manager").asString()).isEqualTo("Mia");
      assertThat(data.path("id").asString()).isEqualTo("in_mapping_1");
      assertThat(data.path("amount").asInt()).isEqualTo(4200);

      assertThat(api.delete(mapping).status()).isEqualTo(204);
      assertThat(api.get(mapping).status()).isEqualTo(404);
      assertThat(api.delete(mapping).status()).isEqualTo(404);
      List<String> actions = new ArrayList<>();
      api.get("/api/v1/audit")
          .body()
          .path("data")
          .forEach(e -> actions.add(e.path("action").asString()));
      assertThat(actions).contains("source.mapping_updated", "source.mapping_deleted");
    }
  }

  @Test
  void aStandardWebhooksEventOfATypeTheTenantRegisteredIsDeliveredAsThatType() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      ApiClient api = tenant(hookyard, "Shop");
      String type =
          "{\"name\":\"order.shipped\",\"schema\":{\"type\":\"object\","
              + "\"required\":[\"order_id\"],\"properties\":{\"order_id\":{\"type\":\"string\"}}}}";
      assertThat(api.post("/api/v1/event-types", type).status()).isEqualTo(201);
      String ingestUrl =
          api.post(
                  "/api/v1/sources",
                  "{\"type\":\"standard-webhooks\",\"name\":\"shop\",\"secret\":\""
                      + STANDARD_SECRET
                      + "\"}")
              .body()
              .path("ingest_url")
              .asString();
      assertThat(
              api.post(
                      "/api/v1/endpoints",
                      "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"order.shipped\"]}")
                  .status())
          .isEqualTo(201);

      String shipped = "{\"type\":\"order.shipped\",\"data\":{\"order_id\":\"ord_7\"}}";
      assertThat(
              api.postRaw(ingestUrl, bytes(shipped), standardSigned("msg_shipped_7", shipped))
                  .status())
          .isBetween(200, 204);

      await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());
      JsonNode delivered = Json.tree(bytes(receiver.received().get(0).body()));
      assertThat(delivered.path("event_type").asString()).isEqualTo("order.shipped");
      assertThat(delivered.path("data").path("order_id").asString()).isEqualTo("ord_7");
    }
  }

  private static Map<String, String> standardSigned(String id, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    return Map.of(
        "Content-Type",
        "application/json",
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(now),
        "webhook-signature",
        new Webhook(STANDARD_SECRET).sign(id, now, body));
  }

  private static ApiClient tenant(RunningHookyard hookyard, String name) {
    ApiClient.Response tenant =
        hookyard.operator().post("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
    return new ApiClient(hookyard.baseUrl(), tenant.body().path("api_key").asString());
  }

  /** An {@code invoice.paid} event as Stripe documents it, with a custom metadata field. */
  private static String stripeInvoicePaid(String eventId, String invoiceId) {
    return """
        {"id":"%s","object":"event","api_version":"2024-06-20","created":%d,"type":"invoice.paid",\
        "data":{"object":{"id":"%s","object":"invoice","customer":"cus_42","amount_due":4200,\
        "amount_paid":4200,"currency":"eur","status":"paid","metadata":{"account_manager":"Mia"},\
        "status_transitions":{"paid_at":%d}}},"livemode":false}"""
        .formatted(
            eventId, Instant.now().getEpochSecond(), invoiceId, Instant.now().getEpochSecond());
  }

  /** {@code Stripe-Signature: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body))}. */
  private static Map<String, String> signed(String body) throws Exception {
    String t = Long.toString(Instant.now().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(bytes(SECRET), "HmacSHA256"));
    String v1 = HexFormat.of().formatHex(mac.doFinal(bytes(t + "." + body)));
    return Map.of("Content-Type", "application/json", "Stripe-Signature", "t=" + t + ",v1=" + v1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
