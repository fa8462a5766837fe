package io.hookyard.bench.faults;

import io.hookyard.app.support.ApiClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant each scenario loads: endpoints at the receiver ({@code /ep/<i>}), each taking the
 * {@code invoice.paid} events whose {@code data.route} is its number (a filter), endpoint 0
 * ordered, 1–3 rate-limited, and a Standard Webhooks source for the signed half of the load.
 */
record FaultTenant(
    ApiClient api, String tenantId, String publishUrl, String ingestUrl, List<String> endpoints) {
  /** A catalog type, so the publish API and a Standard Webhooks source both route it as itself. */
  static final String TYPE = "invoice.paid";

  static final String SOURCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** The rate limit of endpoints 1–3: above their share of 300 events/s, so it paces, not lags. */
  static final int LIMITED_PER_MINUTE = 1800;

  String apiKey() {
    return api.key();
  }

  static FaultTenant create(
      ApiClient operator, String name, FaultReceiver receiver, int count, String retrySchedule) {
    ApiClient.Response tenant = require(operator.post("/api/v1/tenants", json("name", name)), 201);
    ApiClient api = operator.as(tenant.body().path("api_key").asString());
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int limit = (i >= 1 && i <= 3) ? LIMITED_PER_MINUTE : 1_000_000;
      String body =
          "{\"url\":\""
              + receiver.url("/ep/" + i)
              + "\",\"event_types\":[\""
              + TYPE
              + "\"],\"filter\":\"data.route = "
              + i
              + "\",\"rate_limit_per_minute\":"
              + limit
              + ",\"ordered\":"
              + (i == 0)
              + ",\"retry_schedule\":"
              + retrySchedule
              + "}";
      endpoints.add(require(api.post("/api/v1/endpoints", body), 201).body().path("id").asString());
    }
    ApiClient.Response source =
        require(
            api.post(
                "/api/v1/sources",
                "{\"type\":\"standard-webhooks\",\"name\":\"faults\",\"secret\":\""
                    + SOURCE_SECRET
                    + "\"}"),
            201);
    String ingest = source.body().path("ingest_url").asString();
    return new FaultTenant(
        api,
        tenant.body().path("id").asString(),
        api.base() + "/api/v1/events",
        ingest.startsWith("/") ? api.base() + ingest : ingest,
        endpoints);
  }

  static ApiClient.Response require(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response);
    }
    return response;
  }

  private static String json(String field, String value) {
    return "{\"" + field + "\":\"" + value + "\"}";
  }
}
