package io.hookyard.app.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The steps the delivery tests share, through the public API: a fresh tenant, an endpoint for
 * {@code invoice.paid}, an invoice published, an endpoint's attempts and dead letters.
 */
public final class DispatchScenario {
  private DispatchScenario() {}

  /** A new tenant; the client holds its API key. */
  public static ApiClient tenant(RunningHookyard hookyard) {
    ApiClient.Response tenant = hookyard.operator().post("/api/v1/tenants", "{\"name\":\"T\"}");
    assertThat(tenant.status()).isEqualTo(201);
    return new ApiClient(hookyard.baseUrl(), tenant.body().path("api_key").asString());
  }

  /**
   * An endpoint for {@code invoice.paid} at {@code url}; {@code more} adds JSON members, e.g.
   * {@code "ordered":true}.
   */
  public static String invoiceEndpoint(ApiClient api, String url, String more) {
    ApiClient.Response created =
        api.post(
            "/api/v1/endpoints",
            "{\"url\":\""
                + url
                + "\",\"event_types\":[\"invoice.paid\"]"
                + (more.isEmpty() ? "" : "," + more)
                + "}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** Publishes an {@code invoice.paid} whose invoice id (and subject) is {@code id}. */
  public static void publishInvoice(ApiClient api, String id) {
    publishInvoice(api, id, id);
  }

  /**
   * Publishes an {@code invoice.paid} with invoice id {@code id} about {@code subject}: events of
   * one subject share a partition all the way, so they keep their order.
   */
  public static void publishInvoice(ApiClient api, String id, String subject) {
    String event =
        Json.writeString(
            Map.of(
                "type",
                "invoice.paid",
                "subject",
                subject,
                "data",
                Map.of("id", id, "customer_id", "cus_1", "amount", 1200, "currency", "EUR")));
    assertThat(api.post("/api/v1/events", event).status()).isEqualTo(202);
  }

  /** The endpoint's attempts, newest first. */
  public static List<JsonNode> attempts(ApiClient api, String endpointId) {
    return data(api.get("/api/v1/endpoints/" + endpointId + "/attempts?limit=500"));
  }

  /** The endpoint's dead letters, newest first. */
  public static List<JsonNode> deadLetters(ApiClient api, String endpointId) {
    return data(api.get("/api/v1/dead-letters?endpoint_id=" + endpointId));
  }

  /**
   * Waits until the endpoint has its first dead letter and at least one attempt in the log, and
   * answers the attempts. Attempts and dead letters reach the database through separate consumers,
   * so either may show first.
   */
  public static List<JsonNode> awaitDeadLettered(ApiClient api, String endpointId, Duration wait) {
    await()
        .atMost(wait)
        .until(
            () -> !deadLetters(api, endpointId).isEmpty() && !attempts(api, endpointId).isEmpty());
    return attempts(api, endpointId);
  }

  /** The {@code data} of a 200 list answer. */
  public static List<JsonNode> data(ApiClient.Response response) {
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
    List<JsonNode> all = new ArrayList<>();
    response.body().path("data").forEach(all::add);
    return all;
  }
}
