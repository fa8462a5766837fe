package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The OpenAPI 3.1 document at /api/v1/openapi.json and the docs page at /docs. */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
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
            "/api/v1/endpoints/{id}/replay",
            "/api/v1/replays/{id}",
            "/api/v1/replay-window",
            "/api/v1/hooks",
            "/api/v1/hooks/{id}",
            "/api/v1/event-types",
            "/api/v1/events",
            "/api/v1/audit",
            "/api/v1/connections",
            "/api/v1/connections/{id}",
            "/api/v1/connections/{id}/check",
            "/api/v1/connections/{id}/authorize",
            "/api/v1/connections/{id}/syncs",
            "/api/v1/syncs/{id}",
            "/api/v1/syncs/{id}/run",
            "/api/v1/syncs/{id}/runs",
            "/oauth/callback")) {
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
    JsonNode error = doc.body().path("components").path("schemas").path("Error");
    assertThat(error.path("properties").path("error").path("properties").has("details")).isTrue();

    List<String> withoutExample = new ArrayList<>();
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          String route = op.getKey().toUpperCase() + " " + path.getKey();
                          JsonNode request = op.getValue().path("requestBody").path("content");
                          request
                              .properties()
                              .forEach(
                                  media -> {
                                    if (media.getKey().contains("json")
                                        && media.getValue().path("example").isMissingNode()) {
                                      withoutExample.add(route + " request");
                                    }
                                  });
                          op.getValue()
                              .path("responses")
                              .properties()
                              .forEach(
                                  response -> {
                                    boolean json =
                                        response.getValue().path("content").has("application/json");
                                    JsonNode example =
                                        response
                                            .getValue()
                                            .path("content")
                                            .path("application/json")
                                            .path("example");
                                    if (json && (example.isMissingNode() || example.isNull())) {
                                      withoutExample.add(route + " " + response.getKey());
                                    }
                                  });
                          assertThat(op.getValue().path("responses").path("default").toString())
                              .as(route + " documents the error envelope")
                              .contains("#/components/schemas/Error");
                        }));
    assertThat(withoutExample).as("routes without an example").isEmpty();
    assertThat(
            paths
                .path("/api/v1/tenants/{id}")
                .path("patch")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("example")
                .path("plan")
                .asString())
        .isEqualTo("pro");
    assertThat(paths.path("/oauth/callback").path("get").path("security").isArray())
        .as("the OAuth callback takes no API key")
        .isTrue();
    assertThat(paths.path("/oauth/callback").path("get").path("security")).isEmpty();
    assertThat(
            paths
                .path("/api/v1/connections")
                .path("post")
                .path("responses")
                .path("default")
                .path("content")
                .path("application/json")
                .path("example")
                .path("error")
                .path("code")
                .asString())
        .as("the error envelope comes with an example")
        .isEqualTo("validation_failed");
    JsonNode connection =
        paths.path("/api/v1/connections").path("post").path("requestBody").path("content");
    assertThat(connection.toString()).contains("exact-online").contains("division");
    assertThat(anonymous.get("/docs").status()).isBetween(200, 399);
  }
}
