package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The management API against one embedded Hookyard (real broker, real PostgreSQL) started as a
 * server install would run: private and loopback webhook targets refused. Attempt retention is set
 * to one hour, purged every second, for the retention test. Each test makes its own tenants, so
 * they share the start-up but not their data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    hookyard =
        RunningHookyard.start(
            dataDir,
            "--hookyard.dispatch.allow-private-targets=false",
            "--hookyard.retention.attempts=PT1H",
            "--hookyard.retention.interval=PT1S");
  }

  @AfterAll
  void stop() {
    if (hookyard != null) {
      hookyard.close();
    }
  }

  @Test
  void apiKeysAreShownOnceListedWithoutSecretsAndStopWorkingWhenRevoked() {
    Tenant acme = tenant("Acme");
    ApiClient.Response created = acme.api.post("/api/v1/api-keys", "{\"name\":\"ci\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String keyId = created.body().path("id").asString();
    String key = created.body().path("api_key").asString();
    assertThat(keyId).startsWith("key_");
    assertThat(key).startsWith("hk_");

    ApiClient second = acme.api.as(key);
    assertThat(second.get("/api/v1/endpoints").status()).isEqualTo(200);

    ApiClient.Response list = acme.api.get("/api/v1/api-keys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("data")).hasSize(2);
    list.body().path("data").forEach(k -> assertThat(k.has("api_key")).isFalse());
    assertThat(list.toString()).doesNotContain(key);

    assertThat(acme.api.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(204);
    ApiClient.Response revoked = second.get("/api/v1/endpoints");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(acme.api.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(404);
    assertThat(acme.api.get("/api/v1/api-keys").body().path("data")).hasSize(1);
  }

  @Test
  void endpointsArePatchedFieldByFieldAndPrivateTargetsAreRefused() {
    Tenant acme = tenant("Acme");
    for (String url :
        List.of(
            "http://127.0.0.1:9000/hooks",
            "http://localhost/hooks",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.7/",
            "http://[::1]/hooks",
            "http://[::ffff:192.168.0.1]/")) {
      ApiClient.Response refused = acme.api.post("/api/v1/endpoints", "{\"url\":\"" + url + "\"}");
      assertThat(refused.status()).as(url).isEqualTo(422);
      assertThat(refused.errorField()).isEqualTo("url");
    }

    ApiClient.Response created =
        acme.api.post(
            "/api/v1/endpoints",
            "{\"url\":\""
                + PUBLIC_URL
                + "\",\"event_types\":[\"invoice.*\"],\"description\":\"a\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.body().path("id").asString();

    ApiClient.Response patched =
        acme.api.patch(
            "/api/v1/endpoints/" + id,
            "{\"description\":\"b\",\"rate_limit_per_minute\":10,\"event_types\":[\"user.joined\"]}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().has("secret")).isFalse();
    JsonNode read = acme.api.get("/api/v1/endpoints/" + id).body();
    assertThat(read.path("description").asString()).isEqualTo("b");
    assertThat(read.path("rate_limit_per_minute").asInt()).isEqualTo(10);
    assertThat(read.path("url").asString()).isEqualTo(PUBLIC_URL);
    assertThat(read.path("event_types").get(0).asString()).isEqualTo("user.joined");
    assertThat(read.has("secret")).isFalse();

    assertThat(
            acme.api
                .patch("/api/v1/endpoints/" + id, "{\"url\":\"http://10.1.1.1/\"}")
                .errorField())
        .isEqualTo("url");
    assertThat(
            acme.api
                .patch("/api/v1/endpoints/" + id, "{\"event_types\":[\"*\",\"nope.never\"]}")
                .errorField())
        .isEqualTo("event_types[1]");
    ApiClient.Response zero =
        acme.api.patch("/api/v1/endpoints/" + id, "{\"rate_limit_per_minute\":0}");
    assertThat(zero.status()).isEqualTo(422);
    assertThat(zero.errorField()).isEqualTo("rate_limit_per_minute");
    assertThat(acme.api.get("/api/v1/endpoints/" + id).body().path("rate_limit_per_minute").asInt())
        .isEqualTo(10);
  }

  @Test
  void restHooksAreEndpoints() {
    Tenant zap = tenant("Zap");
    ApiClient.Response hook =
        zap.api.post(
            "/api/v1/hooks", "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"invoice.paid\"}");
    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
    String id = hook.body().path("id").asString();
    assertThat(id).startsWith("ep_");
    JsonNode endpoint = zap.api.get("/api/v1/endpoints/" + id).body();
    assertThat(endpoint.path("event_types").get(0).asString()).isEqualTo("invoice.paid");

    assertThat(
            zap.api
                .post(
                    "/api/v1/hooks",
                    "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"no.such\"}")
                .errorField())
        .isEqualTo("event");
    assertThat(
            zap.api
                .post(
                    "/api/v1/hooks",
                    "{\"target_url\":\"http://127.0.0.1/\",\"event\":\"invoice.paid\"}")
                .errorField())
        .isEqualTo("target_url");

    assertThat(zap.api.delete("/api/v1/hooks/" + id).status()).isEqualTo(204);
    assertThat(zap.api.get("/api/v1/endpoints/" + id).status()).isEqualTo(404);
    assertThat(zap.api.delete("/api/v1/hooks/" + id).status()).isEqualTo(404);
  }

  @Test
  void tenantsAddTheirOwnEventTypesAndPublishThem() {
    Tenant shop = tenant("Shop");
    Tenant other = tenant("Other");
    JsonNode builtIns = shop.api.get("/api/v1/event-types").body().path("data");
    JsonNode paid = find(builtIns, "invoice.paid");
    assertThat(paid.path("schema").path("type").asString()).isEqualTo("object");
    assertThat(paid.path("example").path("id").isMissingNode()).isFalse();

    String shipped =
        "{\"name\":\"order.shipped\",\"description\":\"An order left the warehouse\","
            + "\"schema\":{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}},"
            + "\"required\":[\"order_id\"],\"examples\":[{\"order_id\":\"o_1\"}]}}";
    ApiClient.Response created = shop.api.post("/api/v1/event-types", shipped);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(shop.api.post("/api/v1/event-types", shipped).status()).isEqualTo(409);
    ApiClient.Response badSchema =
        shop.api.post("/api/v1/event-types", "{\"name\":\"order.lost\",\"schema\":{\"type\":12}}");
    assertThat(badSchema.status()).isEqualTo(422);
    assertThat(badSchema.body().path("error").path("code").asString()).isEqualTo("invalid_schema");
    assertThat(
            shop.api
                .post("/api/v1/event-types", "{\"name\":\"invoice.paid\",\"schema\":{}}")
                .status())
        .isEqualTo(409);

    JsonNode listed = shop.api.get("/api/v1/event-types").body().path("data");
    assertThat(find(listed, "order.shipped").path("description").asString())
        .isEqualTo("An order left the warehouse");
    assertThat(find(other.api.get("/api/v1/event-types").body().path("data"), "order.shipped"))
        .isNull();

    String event = "{\"type\":\"order.shipped\",\"data\":{\"order_id\":\"o_9\"}}";
    assertThat(shop.api.post("/api/v1/events", event).status()).isEqualTo(202);
    ApiClient.Response broken =
        shop.api.post("/api/v1/events", "{\"type\":\"order.shipped\",\"data\":{\"x\":1}}");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.errorField()).isEqualTo("data.order_id");
    assertThat(other.api.post("/api/v1/events", event).errorField()).isEqualTo("type");

    String subscribe = "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"order.shipped\"]}";
    assertThat(shop.api.post("/api/v1/endpoints", subscribe).status()).isEqualTo(201);
    assertThat(other.api.post("/api/v1/endpoints", subscribe).errorField())
        .isEqualTo("event_types[0]");
  }

  @Test
  void everyTenantAnswerCarriesRateLimitHeadersAndTheLimitHolds() {
    Tenant busy = tenant("Busy");
    ApiClient.Response patched =
        hookyard
            .operator()
            .patch("/api/v1/tenants/" + busy.id, "{\"api_rate_limit_per_minute\":3}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.body().path("api_rate_limit_per_minute").asInt()).isEqualTo(3);

    List<ApiClient.Response> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(busy.api.get("/api/v1/endpoints"));
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
    assertThat(answers.get(0).header("X-RateLimit-Limit")).isEqualTo("3");
    assertThat(answers.get(0).header("X-RateLimit-Remaining")).isEqualTo("2");
    assertThat(answers.get(2).header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(answers.get(2).header("X-RateLimit-Reset")))
        .isGreaterThan(System.currentTimeMillis() / 1000 - 5);

    ApiClient.Response limited = busy.api.post("/api/v1/events", "{\"type\":\"x.y\",\"data\":{}}");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().path("error").path("code").asString()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");

    Tenant calm = tenant("Calm");
    ApiClient.Response error = calm.api.get("/api/v1/endpoints/ep_01jd0000000000000000000000");
    assertThat(error.status()).isEqualTo(404);
    assertThat(error.header("X-RateLimit-Limit")).isNotNull();
  }

  @Test
  void theOperatorSwitchesIntegrationsAndChangesAreAudited() {
    Tenant acme = tenant("Acme");
    ApiClient operator = hookyard.operator();
    ApiClient.Response off =
        operator.patch("/api/v1/tenants/" + acme.id, "{\"integrations\":{\"hubspot\":false}}");
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    operator.patch("/api/v1/tenants/" + acme.id, "{\"integrations\":{\"slack\":false}}");
    JsonNode tenant = operator.get("/api/v1/tenants/" + acme.id).body();
    assertThat(tenant.path("integrations").path("hubspot").asBoolean(true)).isFalse();
    assertThat(tenant.path("integrations").path("slack").asBoolean(true)).isFalse();
    assertThat(
            operator
                .patch("/api/v1/tenants/" + acme.id, "{\"integrations\":{\"Bad Name\":true}}")
                .status())
        .isEqualTo(422);
    assertThat(operator.patch("/api/v1/tenants/ten_01jd0000000000000000000000", "{}").status())
        .isEqualTo(404);

    String ep =
        acme.api
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    acme.api.patch("/api/v1/endpoints/" + ep, "{\"description\":\"x\"}");
    acme.api.delete("/api/v1/endpoints/" + ep);

    JsonNode audit = acme.api.get("/api/v1/audit").body().path("data");
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
  void tenantsSeeOnlyTheirOwnAndEveryRouteNeedsAKey() {
    Tenant a = tenant("A");
    Tenant b = tenant("B");
    String ep =
        a.api
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    String hook =
        a.api
            .post("/api/v1/hooks", "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"*\"}")
            .body()
            .path("id")
            .asString();
    String key = a.api.post("/api/v1/api-keys", "{}").body().path("id").asString();
    String src =
        a.api
            .post("/api/v1/sources", "{\"type\":\"github\",\"name\":\"gh\",\"secret\":\"s3cret\"}")
            .body()
            .path("id")
            .asString();

    assertThat(b.api.get("/api/v1/sources/" + src).status()).isEqualTo(404);
    assertThat(b.api.delete("/api/v1/sources/" + src).status()).isEqualTo(404);
    assertThat(b.api.get("/api/v1/sources").body().path("data")).isEmpty();
    assertThat(a.api.get("/api/v1/sources/" + src).status()).isEqualTo(200);
    assertThat(b.api.get("/api/v1/endpoints/" + ep).status()).isEqualTo(404);
    assertThat(b.api.patch("/api/v1/endpoints/" + ep, "{\"description\":\"x\"}").status())
        .isEqualTo(404);
    assertThat(b.api.get("/api/v1/endpoints/" + ep + "/attempts").status()).isEqualTo(404);
    assertThat(b.api.delete("/api/v1/endpoints/" + ep).status()).isEqualTo(404);
    assertThat(b.api.delete("/api/v1/hooks/" + hook).status()).isEqualTo(404);
    assertThat(b.api.delete("/api/v1/api-keys/" + key).status()).isEqualTo(404);
    assertThat(b.api.get("/api/v1/endpoints").body().path("data")).isEmpty();
    assertThat(b.api.get("/api/v1/api-keys").body().toString()).doesNotContain(key);
    assertThat(b.api.get("/api/v1/audit").body().toString()).doesNotContain(ep, key, a.id);
    assertThat(b.api.get("/api/v1/tenants/" + a.id).status()).isEqualTo(403);
    assertThat(b.api.patch("/api/v1/tenants/" + a.id, "{}").status()).isEqualTo(403);
    assertThat(a.api.get("/api/v1/endpoints/" + ep).status()).isEqualTo(200);
    assertThat(a.api.get("/api/v1/endpoints/" + hook).status()).isEqualTo(200);

    ApiClient anonymous = new ApiClient(hookyard.baseUrl(), null);
    ApiClient wrong = anonymous.as("hk_not-a-key-anyone-was-given");
    for (ApiClient caller : List.of(anonymous, wrong)) {
      for (String[] route : routes(a.id, ep, hook, key)) {
        ApiClient.Response answer = call(caller, route);
        assertThat(answer.status()).as(route[0] + " " + route[1]).isEqualTo(401);
        assertThat(answer.body().path("error").path("code").asString()).isEqualTo("unauthorized");
      }
    }
    assertThat(a.api.get("/api/v1/endpoints/" + ep).status()).isEqualTo(200);
  }

  @Test
  void attemptsOlderThanTheRetentionAgeAreDeleted() {
    Tenant acme = tenant("Acme");
    String ep =
        acme.api
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    Instant now = Instant.now();
    Map<String, Object> producer =
        new KafkaConnection(hookyard.kafkaBootstrapServers()).producer("retention-it");
    try (KafkaProducer<String, Attempt> attempts =
        new KafkaProducer<>(
            producer,
            Topics.ATTEMPTS.keySerde().serializer(),
            Topics.ATTEMPTS.valueSerde().serializer())) {
      for (Duration age : List.of(Duration.ofHours(2), Duration.ofMinutes(30), Duration.ZERO)) {
        Attempt attempt =
            new Attempt(
                Ids.next(Attempt.PREFIX),
                MessageId.of(EventId.next(), new EndpointId(ep)),
                EventId.next(),
                "invoice.paid",
                new TenantId(acme.id),
                new EndpointId(ep),
                1,
                true,
                200,
                5,
                "ok",
                null,
                now.minus(age),
                null);
        attempts.send(new ProducerRecord<>(Topics.ATTEMPTS.name(), ep, attempt));
      }
      attempts.flush();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode log = acme.api.get("/api/v1/endpoints/" + ep + "/attempts").body();
              List<Instant> kept = new ArrayList<>();
              log.path("data")
                  .forEach(a -> kept.add(Instant.parse(a.path("created_at").asString())));
              assertThat(kept)
                  .hasSize(2)
                  .allSatisfy(t -> assertThat(t).isAfter(now.minus(Duration.ofHours(1))));
            });
  }

  @Test
  void theOpenApiDocumentDescribesTheRoutesAndTheErrorEnvelope() {
    ApiClient anonymous = new ApiClient(hookyard.baseUrl(), null);
    ApiClient.Response doc = anonymous.get("/api/v1/openapi.json");
    assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
    assertThat(doc.body().path("openapi").asString()).startsWith("3.1");
    JsonNode paths = doc.body().path("paths");
    for (String path :
        List.of(
            "/api/v1/tenants",
            "/api/v1/tenants/{id}",
            "/api/v1/api-keys",
            "/api/v1/api-keys/{id}",
            "/api/v1/endpoints",
            "/api/v1/endpoints/{id}",
            "/api/v1/endpoints/{id}/attempts",
            "/api/v1/hooks",
            "/api/v1/hooks/{id}",
            "/api/v1/event-types",
            "/api/v1/events",
            "/api/v1/audit")) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    assertThat(paths.path("/api/v1/endpoints/{id}").has("patch")).isTrue();
    assertThat(doc.body().path("components").path("schemas").has("Error"))
        .as(doc.body().path("components").toString())
        .isTrue();
    assertThat(doc.body().path("paths").path("/api/v1/audit").path("get").path("responses"))
        .as("every operation documents the error envelope")
        .anySatisfy(r -> assertThat(r.toString()).contains("#/components/schemas/Error"));
    assertThat(doc.toString()).doesNotContain("\"principal\"");
    assertThat(anonymous.get("/docs").status()).isBetween(200, 399);
  }

  private static List<String[]> routes(String tenant, String ep, String hook, String key) {
    return List.of(
        new String[] {"POST", "/api/v1/tenants", "{\"name\":\"x\"}"},
        new String[] {"GET", "/api/v1/tenants/" + tenant, null},
        new String[] {"PATCH", "/api/v1/tenants/" + tenant, "{}"},
        new String[] {"POST", "/api/v1/api-keys", "{}"},
        new String[] {"GET", "/api/v1/api-keys", null},
        new String[] {"DELETE", "/api/v1/api-keys/" + key, null},
        new String[] {"POST", "/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}"},
        new String[] {"GET", "/api/v1/endpoints", null},
        new String[] {"GET", "/api/v1/endpoints/" + ep, null},
        new String[] {"PATCH", "/api/v1/endpoints/" + ep, "{}"},
        new String[] {"DELETE", "/api/v1/endpoints/" + ep, null},
        new String[] {"GET", "/api/v1/endpoints/" + ep + "/attempts", null},
        new String[] {"POST", "/api/v1/hooks", "{}"},
        new String[] {"DELETE", "/api/v1/hooks/" + hook, null},
        new String[] {"GET", "/api/v1/event-types", null},
        new String[] {"POST", "/api/v1/event-types", "{}"},
        new String[] {"POST", "/api/v1/events", "{}"},
        new String[] {"GET", "/api/v1/audit", null},
        new String[] {"POST", "/api/v1/sources", "{}"},
        new String[] {"GET", "/api/v1/sources", null},
        new String[] {"GET", "/api/v1/sources/src_01jd0000000000000000000000", null},
        new String[] {"DELETE", "/api/v1/sources/src_01jd0000000000000000000000", null});
  }

  private static ApiClient.Response call(ApiClient caller, String[] route) {
    return switch (route[0]) {
      case "GET" -> caller.get(route[1]);
      case "POST" -> caller.post(route[1], route[2]);
      case "PATCH" -> caller.patch(route[1], route[2]);
      case "DELETE" -> caller.delete(route[1]);
      default -> throw new IllegalArgumentException(route[0]);
    };
  }

  private record Tenant(String id, ApiClient api) {}

  private Tenant tenant(String name) {
    ApiClient.Response created =
        hookyard.operator().post("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).isEqualTo(201);
    return new Tenant(
        created.body().path("id").asString(),
        new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString()));
  }

  private static JsonNode find(JsonNode types, String name) {
    for (JsonNode type : types) {
      if (type.path("name").asString().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
