package io.hookyard.ingest.vendor.sapodata;

import tools.jackson.databind.JsonNode;

/**
 * SAP's error answers in our words: v2 {@code {"error": {"code": "SY/530", "message": {"lang":
 * "en", "value": "…"}, "innererror": {…}}}} (MS-ODATA verbose JSON), v4 {@code {"error": {"code",
 * "message": "…", "details": […]}}} (OASIS JSON Format §Error Response). The status, SAP's code and
 * the first 200 characters of its message; the inner error (transaction ids, stack details) is left
 * out.
 */
final class ODataErrors {
  static final int MESSAGE_LIMIT = 200;

  private ODataErrors() {}

  static String describe(String version, String entitySet, int status, JsonNode body) {
    JsonNode error = body.path("error");
    JsonNode message = error.path("message");
    String text = message.isObject() ? message.path("value").asString("") : message.asString("");
    String code = error.path("code").asString("");
    String what =
        switch (status) {
          case 400 -> "refused the query of ";
          case 403 -> "does not let these credentials read ";
          case 404 -> "has no entity set ";
          case 501 -> "does not implement the query options used on ";
          default -> "answered HTTP " + status + " for ";
        };
    StringBuilder said = new StringBuilder("sap-odata (").append(version).append(") ").append(what);
    said.append(entitySet).append(" (HTTP ").append(status);
    if (!code.isEmpty()) {
      said.append(", ").append(code.length() > 40 ? code.substring(0, 40) : code);
    }
    said.append(')');
    if (!text.isBlank()) {
      said.append(": ")
          .append(text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) + "…" : text);
    }
    return said.toString();
  }
}
