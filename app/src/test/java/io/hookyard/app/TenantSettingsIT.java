package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * What the operator sets per tenant (plan, API rate limit, integration switches), the tenant's own
 * API keys, and the audit log that records every change.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantSettingsIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @Test
  void apiKeysAreShownOnceListedWithoutSecretsAndStopWorkingWhenRevoked() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    ApiClient.Response created = acme.api().post("/api/v1/api-keys", "{\"name\":\"ci\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String keyId = created.body().path("id").asString();
    String key = created.body().path("api_key").asString();
    assertThat(keyId).startsWith("key_");
    assertThat(key).startsWith("hk_");

    ApiClient second = acme.api().as(key);
    assertThat(second.get("/api/v1/endpoints").status()).isEqualTo(200);

    ApiClient.Response list = acme.api().get("/api/v1/api-keys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("data")).hasSize(2);
    list.body().path("data").forEach(k -> assertThat(k.has("api_key")).isFalse());
    assertThat(list.toString()).doesNotContain(key);

    assertThat(acme.api().delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);
    ApiClient.Response revoked = second.get("/api/v1/endpoints");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(acme.api().delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(404);
    assertThat(acme.api().get("/api/v1/api-keys").body().path("data")).hasSize(1);
  }

  @Test
  void everyTenantAnswerCarriesRateLimitHeadersAndTheLimitHolds() {
    Tenant busy = Tenants.create(hookyard, "Busy");
    ApiClient.Response patched =
        hookyard
            .operator()
            .patch("/api/v1/tenants/" + busy.id(), "{\"api_rate_limit_per_minute\":3}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().path("api_rate_limit_per_minute").asInt()).isEqualTo(3);

    List<ApiClient.Response> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(busy.api().get("/api/v1/endpoints"));
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(answers.get(0).header("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(answers.get(0).header("X-RateLimit-Remaining")).isEqualTo("2");
    assertThat(answers.get(2).header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(answers.get(2).header("X-RateLimit-Reset")))
        .isGreaterThan(System.currentTimeMillis() / 1000 - 5);

    ApiClient.Response limited =
        busy.api().post("/api/v1/events", "{\"type\":\"x.y\",\"data\":{}}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().path("error").path("code").asString()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");

    Tenant calm = Tenants.create(hookyard, "Calm");
    ApiClient.Response error = calm.api().get("/api/v1/endpoints/ep_01jd0000000000000000000000");
    assertThat(error.status()).isEqualTo(404);
    assertThat(error.header("X-RateLimit-Limit")).isNotNull();
  }

  @Test
  void aBurstPastTheLimitIsAnswered429NeverADroppedConnection() {
    Tenant burst = Tenants.create(hookyard, "Burst");
    hookyard.operator().patch("/api/v1/tenants/" + burst.id(), "{\"api_rate_limit_per_minute\":3}");
    String body = "{\"type\":\"invoice.paid\",\"data\":{\"note\":\"" + "x".repeat(900) + "\"}}";
    HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(30));
    Map<Integer, Long> statuses =
        Flux.range(0, 300)
            .flatMap(
                n ->
                    client
                        .headers(
                            h ->
                                h.set("Content-Type", "application/json")
                                    .set("Authorization", "Bearer " + burst.api().key()))
                        .post()
                        .uri(hookyard.baseUrl() + "/api/v1/events")
                        .send(ByteBufFlux.fromString(Mono.just(body)))
                        .responseSingle((r, content) -> content.then(Mono.just(r.status().code())))
                        .onErrorReturn(0), // the connection dropped without an answer
                16)
            .collect(Collectors.groupingBy(status -> status, Collectors.counting()))
            .block(Duration.ofMinutes(2));

    // each refusal reaches the client with its Retry-After, however fast they come
    assertThat(statuses).as("answers by status, 0 for a dropped connection").doesNotContainKey(0);
    assertThat(statuses.get(429)).isGreaterThan(250L);
  }

  @Test
  void theOperatorSwitchesIntegrationsAndChangesAreAudited() {
    Tenant acme = Tenants.create(hookyard, "Acme");
    ApiClient operator = hookyard.operator();
    ApiClient.Response off =
        operator.patch("/api/v1/tenants/" + acme.id(), "{\"integrations\":{\"hubspot\":false}}");
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    operator.patch("/api/v1/tenants/" + acme.id(), "{\"integrations\":{\"slack\":false}}");
    JsonNode tenant = operator.get("/api/v1/tenants/" + acme.id()).body();
    assertThat(tenant.path("integrations").path("hubspot").asBoolean(true)).isFalse();
    assertThat(tenant.path("integrations").path("slack").asBoolean(true)).isFalse();
    assertThat(
            operator
                .patch("/api/v1/tenants/" + acme.id(), "{\"integrations\":{\"Bad Name\":true}}")
                .status())
        .isEqualTo(422);
    assertThat(operator.patch("/api/v1/tenants/ten_01jd0000000000000000000000", "{}").status())
        .isEqualTo(404);

    String ep =
        acme.api()
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    acme.api().patch("/api/v1/endpoints/" + ep, "{\"description\":\"x\"}");
    acme.api().delete("/api/v1/endpoints/" + ep);

    JsonNode audit = acme.api().get("/api/v1/audit").body().path("data");
    List<String> actions = new ArrayList<>();
    audit.forEach(e -> actions.add(e.path("action").asString()));
    assertThat(actions)
        .contains(
            "tenant.created",
            "api_key.created",
            "tenant.updated",
            "endpoint.created",
            "endpoint.updated",
            "endpoint.deleted");
    audit.forEach(
        e -> {
          assertThat(e.path("actor").asString()).matches("operator|key_.*");
          assertThat(e.path("created_at").asString()).isNotBlank();
        });
    assertThat(audit.toString()).contains(ep);
  }

  @Test
  void aPlanSetsTheRateLimitAndTheTenantsOwnLimitWins() {
    ApiClient operator = hookyard.operator();
    ApiClient.Response created =
        operator.post("/api/v1/tenants", "{\"name\":\"Big\",\"plan\":\"enterprise\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body().path("plan").asString()).isEqualTo("enterprise");
    ApiClient big = new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString());
    assertThat(big.get("/api/v1/endpoints").header("X-RateLimit-Limit")).isEqualTo("2000");

    Tenant acme = Tenants.create(hookyard, "Growing");
    JsonNode free = operator.get("/api/v1/tenants/" + acme.id()).body();
    assertThat(free.path("plan").asString()).isEqualTo("free");
    ApiClient.Response pro = operator.patch("/api/v1/tenants/" + acme.id(), "{\"plan\":\"pro\"}");
    assertThat(pro.status()).as(pro.toString()).isEqualTo(200);
    assertThat(pro.body().path("effective_rate_limit_per_minute").asInt()).isEqualTo(500);
    assertThat(acme.api().get("/api/v1/endpoints").header("X-RateLimit-Limit")).isEqualTo("500");

    operator.patch("/api/v1/tenants/" + acme.id(), "{\"api_rate_limit_per_minute\":700}");
    ApiClient.Response enterprise =
        operator.patch("/api/v1/tenants/" + acme.id(), "{\"plan\":\"enterprise\"}");
    assertThat(enterprise.body().path("plan").asString()).isEqualTo("enterprise");
    assertThat(enterprise.body().path("effective_rate_limit_per_minute").asInt()).isEqualTo(700);
    assertThat(acme.api().get("/api/v1/endpoints").header("X-RateLimit-Limit")).isEqualTo("700");

    ApiClient.Response cleared =
        operator.patch("/api/v1/tenants/" + acme.id(), "{\"api_rate_limit_per_minute\":null}");
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    assertThat(cleared.body().path("api_rate_limit_per_minute").isNull()).isTrue();
    assertThat(cleared.body().path("effective_rate_limit_per_minute").asInt()).isEqualTo(2000);
    assertThat(acme.api().get("/api/v1/endpoints").header("X-RateLimit-Limit")).isEqualTo("2000");
    assertThat(
            operator
                .patch("/api/v1/tenants/" + acme.id(), "{\"api_rate_limit_per_minute\":\"x\"}")
                .status())
        .isEqualTo(400);

    ApiClient.Response unknown =
        operator.patch("/api/v1/tenants/" + acme.id(), "{\"plan\":\"gold\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.errorField()).isEqualTo("plan");
    assertThat(operator.post("/api/v1/tenants", "{\"name\":\"X\",\"plan\":\"gold\"}").errorField())
        .isEqualTo("plan");
    assertThat(acme.api().patch("/api/v1/tenants/" + acme.id(), "{\"plan\":\"pro\"}").status())
        .as("a tenant cannot change its own plan")
        .isEqualTo(403);
    assertThat(operator.get("/api/v1/tenants/" + acme.id()).body().path("plan").asString())
        .isEqualTo("enterprise");
  }
}
