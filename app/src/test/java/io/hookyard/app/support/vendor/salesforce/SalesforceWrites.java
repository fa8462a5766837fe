package io.hookyard.app.support.vendor.salesforce;

import io.hookyard.app.support.vendor.VendorFake.Answer;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce's sObject writes on the fake org (vendors.md §20.4): upsert by an external id and
 * create, with the validation errors Salesforce answers as error arrays.
 */
final class SalesforceWrites {
  private SalesforceWrites() {}

  static Answer upsert(
      SalesforceOrg org, String type, String field, String value, JsonNode body, int version) {
    Map<String, Object> fields = fields(body);
    Answer refused = validate(org, type, fields, field);
    if (refused != null) {
      return refused;
    }
    // "Do not specify Id or an external ID field in the request body or an error is generated."
    if (fields.containsKey(field) || fields.containsKey("Id")) {
      String named = fields.containsKey("Id") ? "Id" : field;
      return error(400, "INVALID_FIELD", "Unable to create/update fields: " + named, named);
    }
    List<String> matches = org.findBy(type, field, value);
    if (matches.size() > 1) {
      return answer(
          300,
          matches.stream()
              .map(id -> "/services/data/v" + version + ".0/sobjects/" + type + "/" + id)
              .toList());
    }
    if (matches.isEmpty()) {
      Answer missing = required(type, fields);
      if (missing != null) {
        return missing;
      }
      Map<String, Object> all = new LinkedHashMap<>(fields);
      all.put(field, value);
      String id = org.create(type, all, Instant.now());
      return answer(201, result(id, true));
    }
    String id = matches.get(0);
    org.update(type, id, fields, Instant.now());
    // before API version 46.0 an update answered 204 without a body
    return version < 46 ? new Answer(204, Map.of(), null) : answer(200, result(id, false));
  }

  static Answer create(SalesforceOrg org, String type, JsonNode body) {
    Map<String, Object> fields = fields(body);
    Answer refused = validate(org, type, fields, null);
    if (refused == null) {
      refused = required(type, fields);
    }
    if (refused != null) {
      return refused;
    }
    Map<String, Object> created = result(org.create(type, fields, Instant.now()), true);
    created.remove("created");
    return answer(201, created);
  }

  private static Answer validate(
      SalesforceOrg org, String type, Map<String, Object> fields, String externalId) {
    if (!SalesforceOrg.knownType(type)) {
      return error(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (externalId != null && SalesforceOrg.unknownField(type, List.of(externalId)) != null) {
      return error(
          404,
          "NOT_FOUND",
          "The requested resource does not exist"); // as the docs show for a wrong field
    }
    String unknown = SalesforceOrg.unknownField(type, fields.keySet());
    if (unknown != null) {
      return error(
          400,
          "INVALID_FIELD",
          "No such column '" + unknown + "' on sobject of type " + type,
          unknown);
    }
    for (String reference : List.of("WhoId", "WhatId", "AccountId")) {
      Object id = fields.get(reference);
      if (id != null && !exists(org, id.toString())) {
        return error(
            400,
            "INVALID_CROSS_REFERENCE_KEY",
            reference + ": id value of incorrect type: " + id,
            reference);
      }
    }
    return null;
  }

  private static Answer required(String type, Map<String, Object> fields) {
    String needed =
        switch (type) {
          case "Contact" -> "LastName";
          case "Account", "Opportunity" -> "Name";
          default -> null;
        };
    if (needed != null && (fields.get(needed) == null || fields.get(needed).toString().isBlank())) {
      return error(
          400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + needed + "]", needed);
    }
    return null;
  }

  private static boolean exists(SalesforceOrg org, String id) {
    for (String type : List.of("Account", "Contact", "Opportunity", "Case")) {
      if (org.get(type, id) != null) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> fields(JsonNode body) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (body != null && body.isObject()) {
      body.properties()
          .forEach(
              e -> fields.put(e.getKey(), Json.mapper().treeToValue(e.getValue(), Object.class)));
    }
    return fields;
  }

  private static Map<String, Object> result(String id, boolean created) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    result.put("success", true);
    result.put("errors", List.of());
    result.put("created", created);
    return result;
  }

  static Answer error(int status, String code, String message, String... fields) {
    Map<String, Object> error = SalesforceFake.error(code, message);
    error.put("fields", List.of(fields));
    return answer(status, List.of(error));
  }

  private static Answer answer(int status, Object body) {
    return new Answer(status, Map.of("Content-Type", "application/json"), Json.writeString(body));
  }
}
