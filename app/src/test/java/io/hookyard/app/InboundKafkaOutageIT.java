package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.hookyard.app.embedded.EmbeddedInfrastructure;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor is never told "stored" for a webhook Kafka does not have: with the broker stopped inside
 * the test, {@code POST /in/{source}} answers 503 with Retry-After (so the vendor retries), and a
 * batch publish with every item unstorable answers 503 as a whole; once the broker is back both are
 * accepted again. The broker is a separate embedded Kafka the test owns.
 */
class InboundKafkaOutageIT {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @TempDir Path dataDir;
  @TempDir Path kafkaDir;

  @Test
  void webhooksAndBatchesAnswer503WhileKafkaIsDownAndAreAcceptedAfter() throws Exception {
    EmbeddedInfrastructure kafka = EmbeddedInfrastructure.start(kafkaDir, true, false);
    String bootstrap = kafka.properties().get("hookyard.kafka.bootstrap-servers").toString();
    try (RunningHookyard hookyard =
        RunningHookyard.start(dataDir, "--hookyard.kafka.bootstrap-servers=" + bootstrap)) {
      String key =
          hookyard
              .operator()
              .post("/api/v1/tenants", "{\"name\":\"Acme\"}")
              .body()
              .path("api_key")
              .asString();
      ApiClient api = new ApiClient(hookyard.baseUrl(), key);
      String ingestUrl =
          api.post(
                  "/api/v1/sources",
                  "{\"type\":\"standard-webhooks\",\"name\":\"billing\",\"secret\":\""
                      + SECRET
                      + "\"}")
              .body()
              .path("ingest_url")
              .asString();
      String body = "{\"type\":\"invoice.paid\",\"id\":\"inv_1\"}";
      String batch =
          "{\"events\":[{\"type\":\"user.joined\",\"data\":{\"id\":\"u1\",\"email\":\"u1@example.com\"}}]}";
      assertThat(api.postRaw(ingestUrl, bytes(body), signed("msg_before", body)).status())
          .isEqualTo(200);

      kafka.close();
      ApiClient.Response webhook = api.postRaw(ingestUrl, bytes(body), signed("msg_down", body));
      assertThat(webhook.status()).isEqualTo(503);
      assertThat(webhook.header("Retry-After")).isNotBlank();
      ApiClient.Response published = api.post("/api/v1/events/batch", batch);
      assertThat(published.status()).isEqualTo(503);
      assertThat(published.header("Retry-After")).isNotBlank();

      kafka = EmbeddedInfrastructure.start(kafkaDir, true, false);
      assertThat(api.postRaw(ingestUrl, bytes(body), signed("msg_after", body)).status())
          .isEqualTo(200);
      assertThat(api.post("/api/v1/events/batch", batch).body().path("accepted").asInt())
          .isEqualTo(1);
    } finally {
      kafka.close();
    }
  }

  private static Map<String, String> signed(String id, String body) throws Exception {
    long now = Instant.now().getEpochSecond();
    return Map.of(
        "Content-Type",
        "application/json",
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(now),
        "webhook-signature",
        new Webhook(SECRET).sign(id, now, body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
