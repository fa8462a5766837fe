package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad requests to the API of the whole system in embedded mode, each answered in the error
 * envelope: no key or a bad one, malformed or wrongly typed bodies, unknown types, targets and
 * headers the API refuses. (Moved out of {@code EndToEndIT}, whose restart needs an app of its
 * own.)
 */
@SharedHookyard.Sharing
class ErrorEnvelopeIT {
  @Test
  void badRequestsGetTheErrorEnvelope() {
    RunningHookyard hookyard = SharedHookyard.get();
    ApiClient anonymous = new ApiClient(hookyard.baseUrl(), null);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> "UP".equals(anonymous.get("/actuator/health").body().path("status").asString()));

    ApiClient.Response noKey = anonymous.post("/api/v1/tenants", "{\"name\":\"x\"}");
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.body().path("error").path("code").asString()).isEqualTo("unauthorized");

    ApiClient.Response badKey = anonymous.as("hk_nope").get("/api/v1/endpoints");
    assertThat(badKey.status()).isEqualTo(401);

    String key =
        hookyard
            .operator()
            .post("/api/v1/tenants", "{\"name\":\"Beta\"}")
            .body()
            .path("api_key")
            .asString();
    ApiClient api = new ApiClient(hookyard.baseUrl(), key);

    ApiClient.Response malformed = api.post("/api/v1/events", "{\"type\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("error").path("code").asString())
        .isEqualTo("malformed_request");

    // the publish route is served ahead of WebFlux (PublishRoute): the same answers as the API
    String event =
        "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"i\",\"customer_id\":\"c\",\"amount\":1,\"currency\":\"EUR\"}}";
    ApiClient.Response published = api.post("/api/v1/events", event);
    assertThat(published.status()).isEqualTo(202);
    assertThat(published.body().path("id").asString()).startsWith("evt_");
    assertThat(published.header("Content-Type")).startsWith("application/json");
    assertThat(published.header("X-RateLimit-Limit")).isNotNull();
    assertThat(anonymous.post("/api/v1/events", event).status()).isEqualTo(401);
    assertThat(hookyard.operator().post("/api/v1/events", event).status()).isEqualTo(403);
    ApiClient.Response text =
        api.postRaw(
            "/api/v1/events",
            event.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "text/plain"));
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.body().path("error").path("code").asString())
        .isEqualTo("unsupported_media_type");
    assertThat(
            api.postRaw("/api/v1/events", event.getBytes(StandardCharsets.UTF_8), Map.of())
                .status())
        .isEqualTo(415);
    ApiClient.Response tooLarge =
        api.postRaw(
            "/api/v1/events",
            ("{\"type\":\"invoice.paid\",\"data\":{\"pad\":\"" + "x".repeat(2 << 20) + "\"}}")
                .getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"));
    assertThat(tooLarge.status()).isEqualTo(413);

    ApiClient.Response unknownType =
        api.post("/api/v1/events", "{\"type\":\"nope.never\",\"data\":{}}");
    assertThat(unknownType.status()).isEqualTo(422);
    assertThat(unknownType.body().path("error").path("details").path("field").asString())
        .isEqualTo("type");

    ApiClient.Response schema =
        api.post(
            "/api/v1/events",
            "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"i\",\"customer_id\":\"c\",\"currency\":\"EUR\"}}");
    assertThat(schema.status()).isEqualTo(422);
    assertThat(schema.body().path("error").path("details").path("field").asString())
        .isEqualTo("data.amount");

    ApiClient.Response badUrl = api.post("/api/v1/endpoints", "{\"url\":\"ftp://x\"}");
    assertThat(badUrl.status()).isEqualTo(422);
    assertThat(badUrl.body().path("error").path("details").path("field").asString())
        .isEqualTo("url");

    // valid JSON with a wrongly typed field: 422 naming the field, not 400
    ApiClient.Response wrongLimit =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"https://example.com/h\",\"rate_limit_per_minute\":\"x\"}");
    assertThat(wrongLimit.status()).isEqualTo(422);
    assertThat(wrongLimit.body().path("error").path("details").path("field").asString())
        .isEqualTo("rate_limit_per_minute");
    ApiClient.Response wrongTypes =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\"https://example.com/h\",\"event_types\":\"invoice.paid\"}");
    assertThat(wrongTypes.status()).isEqualTo(422);
    assertThat(wrongTypes.body().path("error").path("details").path("field").asString())
        .isEqualTo("event_types");
    ApiClient.Response wrongEventType =
        api.post("/api/v1/events", "{\"type\":[\"invoice.paid\"],\"data\":{}}");
    assertThat(wrongEventType.status()).isEqualTo(422);
    assertThat(wrongEventType.body().path("error").path("details").path("field").asString())
        .isEqualTo("type");

    // embedded mode allows loopback targets, never link-local or cloud metadata ones
    ApiClient.Response loopback =
        api.post("/api/v1/endpoints", "{\"url\":\"http://127.0.0.1:9/hooks\"}");
    assertThat(loopback.status()).isEqualTo(201);
    for (String metadata :
        List.of(
            "http://169.254.169.254/latest/meta-data",
            "http://[fd00:ec2::254]/latest/meta-data",
            "http://[fe80::1]/hooks")) {
      ApiClient.Response refused = api.post("/api/v1/endpoints", "{\"url\":\"" + metadata + "\"}");
      assertThat(refused.status()).as(metadata).isEqualTo(422);
      assertThat(refused.body().path("error").path("details").path("field").asString())
          .isEqualTo("url");
    }
    ApiClient.Response patched =
        api.patch(
            "/api/v1/endpoints/" + loopback.body().path("id").asString(),
            "{\"url\":\"http://169.254.169.254/latest/meta-data\"}");
    assertThat(patched.status()).isEqualTo(422);

    // headers the sender sets itself are refused, naming the header, not stored and dropped
    for (String header : List.of("Host", "User-Agent", "Content-Length", "Connection")) {
      ApiClient.Response refused =
          api.post(
              "/api/v1/endpoints",
              "{\"url\":\"https://example.com/h\",\"headers\":{\"" + header + "\":\"x\"}}");
      assertThat(refused.status()).as(header).isEqualTo(422);
      assertThat(refused.body().path("error").path("details").path("field").asString())
          .isEqualTo("headers." + header);
    }

    ApiClient.Response otherTenants = api.get("/api/v1/endpoints/ep_01jd0000000000000000000000");
    assertThat(otherTenants.status()).isEqualTo(404);
    assertThat(api.post("/api/v1/tenants", "{\"name\":\"x\"}").status()).isEqualTo(403);
  }
}
