package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Endpoints and REST hooks through the management API, against an embedded Hookyard started as a
 * server install would run: private and loopback webhook targets refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsApiIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    hookyard = RunningHookyard.start(dataDir, "--hookyard.dispatch.allow-private-targets=false");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
  }

  @Test
  void endpointsArePatchedFieldByFieldAndPrivateTargetsAreRefused() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    for (String url :
        List.of(
            "http://127.0.0.1:9000/hooks",
            "http://localhost/hooks",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.7/",
            "http://[::1]/hooks",
            "http://[::ffff:192.168.0.1]/")) {
      ApiClient.Response refused =
          acme.api().post("/api/v1/endpoints", "{\"url\":\"" + url + "\"}");
      assertThat(refused.status()).as(url).isEqualTo(422);
      assertThat(refused.errorField()).isEqualTo("url");
    }

    ApiClient.Response created =
        acme.api()
            .post(
                "/api/v1/endpoints",
                "{\"url\":\""
                    + PUBLIC_URL
                    + "\",\"event_types\":[\"invoice.*\"],\"description\":\"a\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();

    ApiClient.Response patched =
        acme.api()
            .patch(
                "/api/v1/endpoints/" + id,
                "{\"description\":\"b\",\"rate_limit_per_minute\":10,\"event_types\":[\"user.joined\"]}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().has("secret")).isFalse();
    JsonNode read = acme.api().get("/api/v1/endpoints/" + id).body();
    assertThat(read.path("description").asString()).isEqualTo("b");
    assertThat(read.path("rate_limit_per_minute").asInt()).isEqualTo(10);
    assertThat(read.path("url").asString()).isEqualTo(PUBLIC_URL);
    assertThat(read.path("event_types").get(0).asString()).isEqualTo("user.joined");
    assertThat(read.has("secret")).isFalse();

    assertThat(
            acme.api()
                .patch("/api/v1/endpoints/" + id, "{\"url\":\"http://10.1.1.1/\"}")
                .errorField())
        .isEqualTo("url");
    assertThat(
            acme.api()
                .patch("/api/v1/endpoints/" + id, "{\"event_types\":[\"*\",\"nope.never\"]}")
                .errorField())
        .isEqualTo("event_types[1]");
    ApiClient.Response zero =
        acme.api().patch("/api/v1/endpoints/" + id, "{\"rate_limit_per_minute\":0}");
    assertThat(zero.status()).isEqualTo(422);
    assertThat(zero.errorField()).isEqualTo("rate_limit_per_minute");
    assertThat(
            acme.api().get("/api/v1/endpoints/" + id).body().path("rate_limit_per_minute").asInt())
        .isEqualTo(10);
  }

  @Test
  void restHooksAreEndpoints() {
    Tenant zap = Tenants.create(hookyard, "Zap");
    ApiClient.Response hook =
        zap.api()
            .post(
                "/api/v1/hooks",
                "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"invoice.paid\"}");
    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
    String id = hook.body().path("id").asString();
    assertThat(id).startsWith("ep_");
    JsonNode endpoint = zap.api().get("/api/v1/endpoints/" + id).body();
    assertThat(endpoint.path("event_types").get(0).asString()).isEqualTo("invoice.paid");

    assertThat(
            zap.api()
                .post(
                    "/api/v1/hooks",
                    "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"no.such\"}")
                .errorField())
        .isEqualTo("event");
    assertThat(
            zap.api()
                .post(
                    "/api/v1/hooks",
                    "{\"target_url\":\"http://127.0.0.1/\",\"event\":\"invoice.paid\"}")
                .errorField())
        .isEqualTo("target_url");

    assertThat(zap.api().delete("/api/v1/hooks/" + id).status()).isEqualTo(204);
    assertThat(zap.api().get("/api/v1/endpoints/" + id).status()).isEqualTo(404);
    assertThat(zap.api().delete("/api/v1/hooks/" + id).status()).isEqualTo(404);
  }
}
