package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant isolation: a walk over every management route with another tenant's ids expects 404, and
 * with no key or a bad key expects 401.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @Test
  void tenantsSeeOnlyTheirOwnAndEveryRouteNeedsAKey() {
    Tenant a = Tenants.create(hookyard, "A");
    Tenant b = Tenants.create(hookyard, "B");
    String ep =
        a.api()
            .post("/api/v1/endpoints", "{\"url\":\"" + PUBLIC_URL + "\"}")
            .body()
            .path("id")
            .asString();
    String hook =
        a.api()
            .post("/api/v1/hooks", "{\"target_url\":\"" + PUBLIC_URL + "\",\"event\":\"*\"}")
            .body()
            .path("id")
            .asString();
    String key = a.api().post("/api/v1/api-keys", "{}").body().path("id").asString();
    String con =
        a.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"pipedrive\",\"auth\":{\"access_token\":\"t0ken\"},\"settings\":{\"company_domain\":\"acme\"}}")
            .body()
            .path("id")
            .asString();
    String src =
        a.api()
            .post("/api/v1/sources", "{\"type\":\"github\",\"name\":\"gh\",\"secret\":\"s3cret\"}")
            .body()
            .path("id")
            .asString();

    String hub =
        a.api()
            .post(
                "/api/v1/connections",
                "{\"vendor\":\"hubspot\",\"auth\":{\"access_token\":\"t0ken\"}}")
            .body()
            .path("id")
            .asString();
    String syn =
        a.api()
            .post("/api/v1/connections/" + hub + "/syncs", "{\"entity\":\"contacts\"}")
            .body()
            .path("id")
            .asString();
    for (String[] route : syncRoutes(hub, syn)) {
      assertThat(call(b.api(), route).status()).as(route[0] + " " + route[1]).isEqualTo(404);
    }
    assertThat(a.api().get("/api/v1/syncs/" + syn).body().path("paused").asBoolean()).isFalse();
    for (String[] route : connectionRoutes(con)) {
      assertThat(call(b.api(), route).status()).as(route[0] + " " + route[1]).isEqualTo(404);
    }
    for (String[] route : endpointAndSourceRoutes(ep, src)) {
      assertThat(call(b.api(), route).status()).as(route[0] + " " + route[1]).isEqualTo(404);
    }
    assertThat(b.api().get("/api/v1/connections").body().path("data")).isEmpty();
    assertThat(a.api().get("/api/v1/connections/" + con).status()).isEqualTo(200);
    assertThat(b.api().get("/api/v1/sources/" + src).status()).isEqualTo(404);
    assertThat(b.api().delete("/api/v1/sources/" + src).status()).isEqualTo(404);
    assertThat(b.api().get("/api/v1/sources").body().path("data")).isEmpty();
    assertThat(a.api().get("/api/v1/sources/" + src).status()).isEqualTo(200);
    assertThat(b.api().get("/api/v1/endpoints/" + ep).status()).isEqualTo(404);
    assertThat(b.api().patch("/api/v1/endpoints/" + ep, "{\"description\":\"x\"}").status())
        .isEqualTo(404);
    assertThat(b.api().get("/api/v1/endpoints/" + ep + "/attempts").status()).isEqualTo(404);
    assertThat(b.api().delete("/api/v1/endpoints/" + ep).status()).isEqualTo(404);
    assertThat(b.api().delete("/api/v1/hooks/" + hook).status()).isEqualTo(404);
    assertThat(b.api().delete("/api/v1/api-keys/" + key).status()).isEqualTo(404);
    assertThat(b.api().get("/api/v1/endpoints").body().path("data")).isEmpty();
    assertThat(b.api().get("/api/v1/api-keys").body().toString()).doesNotContain(key);
    assertThat(b.api().get("/api/v1/audit").body().toString()).doesNotContain(ep, key, a.id());
    assertThat(b.api().get("/api/v1/tenants/" + a.id()).status()).isEqualTo(403);
    assertThat(b.api().patch("/api/v1/tenants/" + a.id(), "{}").status()).isEqualTo(403);
    assertThat(a.api().get("/api/v1/endpoints/" + ep).status()).isEqualTo(200);
    assertThat(a.api().get("/api/v1/endpoints/" + hook).status()).isEqualTo(200);

    ApiClient anonymous = new ApiClient(hookyard.baseUrl(), null);
    ApiClient wrong = anonymous.as("hk_not-a-key-anyone-was-given");
    for (ApiClient caller : List.of(anonymous, wrong)) {
      List<String[]> all = new ArrayList<>(routes(a.id(), ep, hook, key, con));
      all.addAll(endpointAndSourceRoutes(ep, src));
      all.addAll(deadLetterAndBatchRoutes());
      all.addAll(syncRoutes(hub, syn));
      for (String[] route : all) {
        ApiClient.Response answer = call(caller, route);
        assertThat(answer.status()).as(route[0] + " " + route[1]).isEqualTo(401);
        assertThat(answer.body().path("error").path("code").asString()).isEqualTo("unauthorized");
      }
    }
    assertThat(a.api().get("/api/v1/endpoints/" + ep).status()).isEqualTo(200);
  }

  private static List<String[]> connectionRoutes(String con) {
    return List.of(
        new String[] {"GET", "/api/v1/connections/" + con, null},
        new String[] {"PATCH", "/api/v1/connections/" + con, "{\"name\":\"x\"}"},
        new String[] {"POST", "/api/v1/connections/" + con + "/check", ""},
        new String[] {"GET", "/api/v1/connections/" + con + "/authorize", null},
        new String[] {"DELETE", "/api/v1/connections/" + con, null});
  }

  /** The sync routes, on a connection and a sync of the first tenant. */
  private static List<String[]> syncRoutes(String con, String syn) {
    return List.of(
        new String[] {"POST", "/api/v1/connections/" + con + "/syncs", "{\"entity\":\"deals\"}"},
        new String[] {"GET", "/api/v1/connections/" + con + "/syncs", null},
        new String[] {"GET", "/api/v1/syncs/" + syn, null},
        new String[] {"PATCH", "/api/v1/syncs/" + syn, "{\"paused\":true}"},
        new String[] {"POST", "/api/v1/syncs/" + syn + "/run", ""},
        new String[] {"GET", "/api/v1/syncs/" + syn + "/runs", null},
        new String[] {"DELETE", "/api/v1/syncs/" + syn, null});
  }

  /** The routes on one endpoint or source beyond CRUD: another tenant's ids answer 404. */
  private static List<String[]> endpointAndSourceRoutes(String ep, String src) {
    return List.of(
        new String[] {"GET", "/api/v1/endpoints/" + ep + "/health", null},
        new String[] {
          "POST", "/api/v1/endpoints/" + ep + "/recover", "{\"since\":\"2026-01-01T00:00:00Z\"}"
        },
        new String[] {"POST", "/api/v1/endpoints/" + ep + "/secret/rotate", ""},
        new String[] {
          "POST", "/api/v1/endpoints/" + ep + "/test", "{\"event_type\":\"invoice.paid\"}"
        },
        new String[] {"GET", "/api/v1/sources/" + src + "/mapping", null},
        new String[] {"PUT", "/api/v1/sources/" + src + "/mapping", "{\"expression\":\"$\"}"},
        new String[] {"DELETE", "/api/v1/sources/" + src + "/mapping", null});
  }

  private static List<String[]> deadLetterAndBatchRoutes() {
    return List.of(
        new String[] {"GET", "/api/v1/dead-letters", null},
        new String[] {"POST", "/api/v1/dead-letters/replay", "{}"},
        new String[] {"POST", "/api/v1/dead-letters/dlq_01jd0000000000000000000000/replay", ""},
        new String[] {"POST", "/api/v1/events/batch", "{\"events\":[]}"});
  }

  private static List<String[]> routes(
      String tenant, String ep, String hook, String key, String con) {
    List<String[]> routes = new ArrayList<>(connectionRoutes(con));
    routes.add(new String[] {"GET", "/api/v1/connections", null});
    routes.add(new String[] {"POST", "/api/v1/connections", "{}"});
    routes.addAll(
        List.of(
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
            new String[] {"DELETE", "/api/v1/sources/src_01jd0000000000000000000000", null}));
    return routes;
  }

  private static ApiClient.Response call(ApiClient caller, String[] route) {
    return switch (route[0]) {
      case "GET" -> caller.get(route[1]);
      case "POST" -> caller.post(route[1], route[2]);
      case "PATCH" -> caller.patch(route[1], route[2]);
      case "PUT" -> caller.put(route[1], route[2]);
      case "DELETE" -> caller.delete(route[1]);
      default -> throw new IllegalArgumentException(route[0]);
    };
  }
}
