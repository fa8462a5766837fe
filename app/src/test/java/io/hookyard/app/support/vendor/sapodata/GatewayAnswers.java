package io.hookyard.app.support.vendor.sapodata;

import io.hookyard.app.support.vendor.VendorFake.Answer;
import io.hookyard.schemas.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link SapODataFake} answers with besides rows: SAP's error bodies, v2 ({@code error.message
 * .value} with an SAP {@code innererror}: application, transaction id, error details) and v4
 * ({@code error.message}, {@code target}, {@code details}), and the query string as SAP reads it.
 */
final class GatewayAnswers {
  private GatewayAnswers() {}

  static Answer error(String v, int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    if (v.equals("v2")) {
      error.put("message", Map.of("lang", "en", "value", message));
      error.put(
          "innererror",
          Map.of(
              "application",
              Map.of(
                  "component_id",
                  "LO-MD-BP",
                  "service_namespace",
                  "/SAP/",
                  "service_id",
                  "API_BUSINESS_PARTNER",
                  "service_version",
                  "0001"),
              "transactionid",
              "0F1E2D3C4B5A69788796A5B4C3D2E1F0",
              "timestamp",
              "20240101120000.1234567",
              "errordetails",
              List.of(Map.of("code", code, "message", message, "severity", "error"))));
    } else {
      error.put("message", message);
      error.put("target", "$filter");
      error.put("details", List.of());
    }
    return new Answer(
        status,
        Map.of("Content-Type", "application/json"),
        Json.writeString(Map.of("error", error)));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }
}
