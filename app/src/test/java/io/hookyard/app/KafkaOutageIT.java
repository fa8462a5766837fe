package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.embedded.EmbeddedInfrastructure;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is acknowledged that is not stored: with the broker gone, publishing answers 503 with
 * Retry-After, and once the broker is back it answers 202 again. The broker here is a separate
 * embedded Kafka the test owns, so it can stop it under the running application.
 */
class KafkaOutageIT {
  @TempDir Path dataDir;
  @TempDir Path kafkaDir;

  @Test
  void publishingAnswers503WhileKafkaIsDownAndRecovers() {
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
      String event =
          "{\"type\":\"user.joined\",\"data\":{\"id\":\"u1\",\"email\":\"u1@example.com\"}}";
      assertThat(api.post("/api/v1/events", event).status()).isEqualTo(202);

      kafka.close();
      ApiClient.Response down = api.post("/api/v1/events", event);
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body().path("error").path("code").asString()).isEqualTo("unavailable");
      assertThat(down.header("Retry-After")).isNotBlank();

      kafka = EmbeddedInfrastructure.start(kafkaDir, true, false);
      assertThat(kafka.properties().get("hookyard.kafka.bootstrap-servers")).isEqualTo(bootstrap);
      assertThat(api.post("/api/v1/events", event).status()).isEqualTo(202);
    } finally {
      kafka.close();
    }
  }
}
