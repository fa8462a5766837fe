package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What the vendor destination ITs ({@link SlackDestinationsIT}, {@link HubSpotDestinationsIT},
 * {@link VendorDestinationsIT}) have in common: the one embedded Hookyard they share ({@link
 * SharedHookyard}: each test makes its own tenant), the loopback fakes of the class (reset before
 * each test, closed after the class), and the steps every test takes: a connection, a vendor
 * destination, an event published, the attempts awaited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VendorDestinationTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  RunningHookyard hookyard;

  /** The class's vendor fakes. */
  abstract List<VendorFake> fakes();

  @BeforeAll
  void start() {
    // the shared app: vendor calls time out after 2 s, circuits open for 3 s, a connection to
    // authorize again is looked at after 2 s, a 429 or timeout is retried after 1 s at the least
    hookyard = SharedHookyard.get();
  }

  @BeforeEach
  void resetFakes() {
    fakes().forEach(VendorFake::reset);
  }

  @AfterAll
  void stop() {
    fakes().forEach(VendorFake::close);
  }

  static String connection(ApiClient tenant, String body) {
    ApiClient.Response created = tenant.post("/api/v1/connections", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** A vendor destination for {@code invoice.paid} unless {@code more} says otherwise. */
  static String endpoint(
      ApiClient tenant,
      String type,
      String connection,
      String action,
      String settings,
      String more) {
    String body =
        "{\"type\":\""
            + type
            + "\",\"connection_id\":\""
            + connection
            + "\",\"action\":\""
            + action
            + "\""
            + (settings == null ? "" : ",\"settings\":" + settings)
            + ",\"retry_schedule\":[\"PT1S\",\"PT1S\"]"
            + (more.contains("event_types") ? "" : ",\"event_types\":[\"invoice.paid\"]")
            + (more.isEmpty() ? "" : "," + more)
            + "}";
    ApiClient.Response created = tenant.post("/api/v1/endpoints", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body().has("secret")).isFalse();
    return created.body().path("id").asString();
  }

  static void publish(ApiClient tenant, String type, Map<String, Object> data) {
    ApiClient.Response published =
        tenant.post(
            "/api/v1/events",
            Json.writeString(
                Map.of("type", type, "subject", String.valueOf(data.get("id")), "data", data)));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);
  }

  /** The endpoint's attempts (newest first) once there are {@code n}. */
  static List<JsonNode> awaitAttempts(ApiClient tenant, String endpoint, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(tenant, endpoint).size() >= n);
    return DispatchScenario.attempts(tenant, endpoint);
  }
}
