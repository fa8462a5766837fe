package io.hookyard.app;

import static io.hookyard.app.SealingAndKeyRotationIT.assertNamesOnly;
import static io.hookyard.app.SealingAndKeyRotationIT.configRecords;
import static io.hookyard.app.SealingAndKeyRotationIT.publishAndReceive;
import static io.hookyard.app.SealingAndKeyRotationIT.storedConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.LoopbackReceiver;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Endpoint header values, checked from outside on the shared app: never shown after they are set,
 * sealed in PostgreSQL and on {@code hookyard.config}, and still reaching the receiver. (The
 * encryption key's rotation, which restarts the app, is in {@code SealingAndKeyRotationIT}.)
 */
@SharedHookyard.Sharing
class HeaderSealingIT {
  @Test
  void headerValuesAreNeverShownNorStoredInClearAndStillReachTheReceiver() throws Exception {
    RunningHookyard hookyard = SharedHookyard.get();
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      Tenant acme = Tenants.create(hookyard, "Acme");
      ApiClient api = acme.api();
      ApiClient.Response created =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\""
                  + receiver.url()
                  + "\",\"event_types\":[\"invoice.*\"],"
                  + "\"headers\":{\"Authorization\":\"Bearer xyz\",\"X-Env\":\"prod\"}}");
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String id = created.body().path("id").asString();
      assertNamesOnly(created, "Authorization", "X-Env");
      assertNamesOnly(api.get("/api/v1/endpoints/" + id), "Authorization", "X-Env");
      assertThat(api.get("/api/v1/endpoints").toString()).contains(id).doesNotContain("xyz");

      ApiClient.Response described =
          api.patch("/api/v1/endpoints/" + id, "{\"description\":\"billing\"}");
      assertThat(described.status()).as(described.toString()).isEqualTo(200);
      assertNamesOnly(described, "Authorization", "X-Env");
      LoopbackReceiver.Received first = publishAndReceive(api, receiver, "inv_1");
      assertThat(first.header("Authorization")).isEqualTo("Bearer xyz");
      assertThat(first.header("X-Env")).isEqualTo("prod");

      ApiClient.Response replaced =
          api.patch(
              "/api/v1/endpoints/" + id,
              "{\"headers\":{\"Authorization\":null,\"X-Team\":\"team-7\"}}");
      assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
      assertNamesOnly(replaced, "Authorization", "X-Team");
      LoopbackReceiver.Received second = publishAndReceive(api, receiver, "inv_2");
      assertThat(second.header("Authorization")).isEqualTo("Bearer xyz");
      assertThat(second.header("X-Team")).isEqualTo("team-7");
      assertThat(second.header("X-Env")).isNull();

      assertThat(api.get("/api/v1/audit?limit=500").toString()).contains(id).doesNotContain("xyz");
      assertThat(storedConfig(hookyard, id)).contains("Authorization").doesNotContain("xyz");
      List<String> records = configRecords(hookyard.kafkaBootstrapServers(), acme.id() + "/" + id);
      assertThat(records).hasSizeGreaterThanOrEqualTo(3);
      assertThat(records).allSatisfy(r -> assertThat(r).doesNotContain("xyz", "prod", "team-7"));
    }
  }
}
