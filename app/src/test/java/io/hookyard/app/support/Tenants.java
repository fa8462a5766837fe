package io.hookyard.app.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants made through the operator API, each with its first key, for tests of the API. */
public final class Tenants {
  private Tenants() {}

  /** A tenant and a client calling with its key. */
  public record Tenant(String id, ApiClient api) {}

  public static Tenant create(RunningHookyard hookyard, String name) {
    ApiClient.Response created =
        hookyard.operator().post("/api/v1/tenants", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return new Tenant(
        created.body().path("id").asString(),
        new ApiClient(hookyard.baseUrl(), created.body().path("api_key").asString()));
  }
}
