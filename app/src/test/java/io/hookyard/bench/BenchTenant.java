package io.hookyard.bench;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;

/** A tenant and its endpoints for the benchmarks, made through the public API. */
final class BenchTenant {
  private BenchTenant() {}

  /** A tenant's id and a client holding its key. */
  record Tenant(TenantId id, ApiClient api) {}

  static Tenant create(RunningHookyard hookyard) {
    ApiClient.Response tenant = hookyard.operator().post("/api/v1/tenants", "{\"name\":\"bench\"}");
    require(tenant, 201);
    return new Tenant(
        new TenantId(tenant.body().path("id").asString()),
        new ApiClient(hookyard.baseUrl(), tenant.body().path("api_key").asString()));
  }

  static EndpointId endpoint(ApiClient api, String url, int perMinute, String types) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\""
                + url
                + "\",\"event_types\":[\""
                + types
                + "\"],\"rate_limit_per_minute\":"
                + perMinute
                + "}");
    require(created, 201);
    return new EndpointId(created.body().path("id").asString());
  }

  private static void require(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException(response.status() + " " + response.body());
    }
  }
}
