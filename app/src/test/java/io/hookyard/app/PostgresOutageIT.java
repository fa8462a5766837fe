package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.embedded.EmbeddedInfrastructure;
import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A PostgreSQL outage never stops deliveries, and the attempt log catches up afterwards: the
 * attempts sink commits its Kafka offsets only after PostgreSQL took a batch, so what it could not
 * write it reads again. PostgreSQL here is a separate embedded server the test owns, so it can stop
 * it under the running application and start it again on the same port and data.
 */
class PostgresOutageIT {
  private static final int BEFORE = 10;
  private static final int DURING = 30;
  private static final int AFTER = 10;

  @TempDir Path dataDir;
  @TempDir Path postgresDir;

  @Test
  void everyAttemptMadeDuringAnOutageReachesTheLogOncePostgresIsBack() throws Exception {
    EmbeddedInfrastructure postgres = EmbeddedInfrastructure.start(postgresDir, false, true);
    Map<String, Object> db = postgres.properties();
    try (LoopbackReceiver receiver = new LoopbackReceiver();
        RunningHookyard hookyard =
            RunningHookyard.start(
                dataDir,
                "--hookyard.r2dbc.url=" + db.get("hookyard.r2dbc.url"),
                "--hookyard.r2dbc.username=" + db.get("hookyard.r2dbc.username"),
                "--hookyard.r2dbc.password=" + db.get("hookyard.r2dbc.password"))) {
      Tenant acme = Tenants.create(hookyard, "Acme");
      ApiClient.Response endpoint =
          acme.api()
              .post(
                  "/api/v1/endpoints",
                  "{\"url\":\"" + receiver.url() + "\",\"event_types\":[\"user.joined\"]}");
      assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
      String ep = endpoint.body().path("id").asString();

      publish(acme, 0, BEFORE);
      await().atMost(Duration.ofSeconds(60)).until(() -> logged(acme, ep).size() == BEFORE);

      postgres.close();
      publish(acme, BEFORE, DURING);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(receiver.received())
                      .as("deliveries go on without PostgreSQL")
                      .hasSize(BEFORE + DURING));
      assertThat(acme.api().get("/api/v1/endpoints/" + ep + "/attempts").status())
          .as("the attempt log itself is unavailable")
          .isEqualTo(503);

      postgres = EmbeddedInfrastructure.start(postgresDir, false, true);
      assertThat(postgres.properties().get("hookyard.r2dbc.url"))
          .isEqualTo(db.get("hookyard.r2dbc.url"));
      publish(acme, BEFORE + DURING, AFTER);
      await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(logged(acme, ep)).hasSize(BEFORE + DURING + AFTER));
      assertThat(receiver.received()).hasSize(BEFORE + DURING + AFTER);
    } finally {
      postgres.close();
    }
  }

  private static void publish(Tenant tenant, int from, int count) {
    for (int i = from; i < from + count; i++) {
      String event =
          "{\"type\":\"user.joined\",\"data\":{\"id\":\"u"
              + i
              + "\",\"email\":\"u"
              + i
              + "@example.com\"}}";
      ApiClient.Response accepted = tenant.api().post("/api/v1/events", event);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }
  }

  /** The distinct events the attempt log holds for the endpoint; empty while it cannot answer. */
  private static Set<String> logged(Tenant tenant, String ep) {
    ApiClient.Response page = tenant.api().get("/api/v1/endpoints/" + ep + "/attempts?limit=500");
    Set<String> events = new HashSet<>();
    if (page.status() == 200) {
      for (JsonNode attempt : page.body().path("data")) {
        assertThat(attempt.path("status_code").asInt()).isEqualTo(200);
        events.add(attempt.path("event_id").asString());
      }
      assertThat(page.body().path("data").size()).as("each attempt once").isEqualTo(events.size());
    }
    return events;
  }
}
