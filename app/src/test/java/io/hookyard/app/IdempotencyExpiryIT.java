package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import io.hookyard.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code Idempotency-Key} over time, against the embedded PostgreSQL: a key holds for 24 hours
 * (same answer, no second event), then it is free for a new event, and expired keys of anyone are
 * swept by later claims. The 24 hours are made to pass by ageing the rows in the database, the only
 * thing this test does behind the API's back.
 */
@SharedHookyard.Sharing
class IdempotencyExpiryIT {
  private static RunningHookyard hookyard;
  private static LoopbackReceiver subscriber;

  @BeforeAll
  static void start() throws IOException {
    hookyard = SharedHookyard.get();
    subscriber = new LoopbackReceiver();
  }

  @AfterAll
  static void stop() {
    subscriber.close();
  }

  @Test
  void aKeyAnswersTheSameEventFor24HoursThenStandsForANewOne() throws SQLException {
    Tenant acme = subscribed("Acme");

    ApiClient.Response first = publish(acme, "order-1", "inv_exp_1", 100);
    ApiClient.Response retry = publish(acme, "order-1", "inv_exp_1", 100);
    ApiClient.Response changed = publish(acme, "order-1", "inv_exp_1", 999);

    assertThat(first.status()).isEqualTo(202);
    String firstId = first.body().path("id").asString();
    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.body().path("id").asString()).isEqualTo(firstId);
    assertThat(changed.status()).as("reused within 24 h for another event").isEqualTo(422);
    assertThat(changed.body().path("error").path("code").asString())
        .isEqualTo("idempotency_key_reused");

    age(acme, "order-1", Duration.ofHours(23));
    ApiClient.Response stillHeld = publish(acme, "order-1", "inv_exp_1", 999);
    assertThat(stillHeld.status()).as("23 hours later the key is still taken").isEqualTo(422);
    assertThat(publish(acme, "order-1", "inv_exp_1", 100).body().path("id").asString())
        .isEqualTo(firstId);

    age(acme, "order-1", Duration.ofHours(25));
    ApiClient.Response renewed = publish(acme, "order-1", "inv_exp_1", 999);
    assertThat(renewed.status()).as(renewed.toString()).isEqualTo(202);
    String renewedId = renewed.body().path("id").asString();
    assertThat(renewedId).startsWith("evt_").isNotEqualTo(firstId);
    ApiClient.Response renewedRetry = publish(acme, "order-1", "inv_exp_1", 999);
    assertThat(renewedRetry.body().path("id").asString())
        .as("the renewed key holds for the new event")
        .isEqualTo(renewedId);
    assertThat(publish(acme, "order-1", "inv_exp_1", 100).status()).isEqualTo(422);

    // a marker on the same subject, published after all the others and so routed after them:
    // once it is delivered, any second delivery of the retried events would have been made too
    assertThat(publish(acme, null, "inv_exp_1", 1).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deliveries(acme).stream().map(Delivery::amount).toList(), a -> a.contains(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(acme).size() >= 3);
    List<Delivery> delivered = deliveries(acme);
    assertThat(delivered)
        .as("the first event once, the event the renewed key stood for once, the marker")
        .extracting(Delivery::amount)
        .containsExactlyInAnyOrder(100, 999, 1);
    assertThat(delivered).extracting(Delivery::webhookId).doesNotHaveDuplicates();
  }

  @Test
  void laterClaimsSweepExpiredKeysOfEveryTenantTenAtATime() throws SQLException {
    Tenant old = Tenants.create(hookyard, "Old");
    Tenant busy = Tenants.create(hookyard, "Busy");
    for (int i = 0; i < 12; i++) {
      assertThat(publish(old, "old-" + i, "inv_old_" + i, i).status()).isEqualTo(202);
    }
    assertThat(publish(old, "recent", "inv_recent", 1).status()).isEqualTo(202);
    // aged only now: each claim above would have swept the rows already aged
    for (int i = 0; i < 12; i++) {
      age(old, "old-" + i, Duration.ofHours(25 + i));
    }
    age(old, "recent", Duration.ofHours(23));
    assertThat(keys(old)).hasSize(13);

    assertThat(publish(busy, "busy-1", "inv_busy_1", 1).status()).isEqualTo(202);
    assertThat(keys(old)).as("one claim sweeps at most ten expired rows").hasSize(3);
    assertThat(publish(busy, "busy-2", "inv_busy_2", 2).status()).isEqualTo(202);
    assertThat(keys(old)).as("the next claim sweeps the rest").containsExactly("recent");
    assertThat(keys(busy)).containsExactlyInAnyOrder("busy-1", "busy-2");

    ApiClient.Response reused = publish(old, "old-0", "inv_old_0", 12345);
    assertThat(reused.status()).as("a swept key is free again").isEqualTo(202);
    assertThat(publish(old, "recent", "inv_recent", 2).status())
        .as("an unexpired key is never swept")
        .isEqualTo(422);
  }

  // --- the API ---------------------------------------------------------------------------------

  /** A tenant whose endpoint on the loopback subscriber takes its invoice events. */
  private static Tenant subscribed(String name) {
    Tenant tenant = Tenants.create(hookyard, name);
    String endpoint = "{\"url\":\"" + subscriber.url() + "\",\"event_types\":[\"invoice.*\"]}";
    assertThat(tenant.api().post("/api/v1/endpoints", endpoint).status()).isEqualTo(201);
    return tenant;
  }

  private static ApiClient.Response publish(Tenant tenant, String key, String invoice, int amount) {
    String body =
        "{\"type\":\"invoice.paid\",\"subject\":\""
            + invoice
            + "\",\"data\":{\"id\":\""
            + invoice
            + "\",\"customer_id\":\"cus_1\",\"amount\":"
            + amount
            + ",\"currency\":\"EUR\"}}";
    Map<String, String> headers =
        key == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Idempotency-Key", key);
    return tenant.api().postRaw("/api/v1/events", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** One webhook the subscriber got: its id and the invoice amount it carried. */
  private record Delivery(String webhookId, int amount) {}

  /** What the subscriber received for this tenant, one entry per delivery. */
  private static List<Delivery> deliveries(Tenant tenant) {
    List<Delivery> deliveries = new ArrayList<>();
    for (LoopbackReceiver.Received received : subscriber.received()) {
      JsonNode body = Json.tree(received.body().getBytes(StandardCharsets.UTF_8));
      if (body.path("tenant_id").asString().equals(tenant.id())) {
        deliveries.add(
            new Delivery(
                body.path("webhook_id").asString(), body.path("data").path("amount").asInt()));
      }
    }
    return deliveries;
  }

  // --- the database ----------------------------------------------------------------------------

  private static Connection db() throws SQLException {
    return DriverManager.getConnection(
        hookyard.property("hookyard.r2dbc.url").replace("r2dbc:", "jdbc:"), "postgres", "postgres");
  }

  /** Makes a key's claim {@code age} old, as if that much time had passed. */
  private static void age(Tenant tenant, String key, Duration age) throws SQLException {
    try (Connection db = db();
        PreparedStatement update =
            db.prepareStatement(
                "update idempotency_keys set created_at = now() - make_interval(secs => ?)"
                    + " where tenant_id = ? and idempotency_key = ?")) {
      update.setLong(1, age.toSeconds());
      update.setString(2, tenant.id());
      update.setString(3, key);
      assertThat(update.executeUpdate()).as("the key %s is stored", key).isEqualTo(1);
    }
  }

  private static List<String> keys(Tenant tenant) throws SQLException {
    try (Connection db = db();
        PreparedStatement query =
            db.prepareStatement(
                "select idempotency_key from idempotency_keys where tenant_id = ? order by 1")) {
      query.setString(1, tenant.id());
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      return keys;
    }
  }
}
