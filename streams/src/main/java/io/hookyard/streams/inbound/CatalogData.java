package io.hookyard.streams.inbound;

import io.hookyard.schemas.json.Json;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Building blocks the vendor mappers share: an event's {@code data} with its {@code id} and {@code
 * source}, vendor fields copied under catalog names, and the rest kept under {@code properties}
 * (where a tenant's field mapping can pick custom fields up).
 */
final class CatalogData {
  private CatalogData() {}

  /** {@code {"id": id, "source": {"vendor", "object_id"}}}. */
  static ObjectNode of(String vendor, String id) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("id", id);
    ObjectNode source = data.putObject("source");
    source.put("vendor", vendor);
    source.put("object_id", id);
    return data;
  }

  /** {@code {"id": id, "kind": kind}} for the catalog's {@code entity.*} types. */
  static ObjectNode entity(String vendor, String id, String kind) {
    ObjectNode data = of(vendor, id);
    data.put("kind", kind);
    return data;
  }

  /** A scalar's text; null for a missing, null or structured node, so callers can skip it. */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
      return null;
    }
    String text = node.asString();
    return text.isEmpty() ? null : text;
  }

  static void putText(ObjectNode data, String field, JsonNode value) {
    String text = text(value);
    if (text != null) {
      data.put(field, text);
    }
  }

  /**
   * Copies each field of {@code fields} to {@code data}: those {@code names} knows under their
   * catalog name as text (or as a number for {@code amount}), the rest as they are under {@code
   * properties}.
   */
  static void copy(ObjectNode data, JsonNode fields, Map<String, String> names) {
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      String name = names.get(field.getKey());
      JsonNode value = field.getValue();
      if (name == null) {
        properties(data).set(field.getKey(), value);
      } else if (name.equals("amount")) {
        putNumber(data, name, value);
      } else {
        putText(data, name, value);
      }
    }
  }

  static ObjectNode properties(ObjectNode data) {
    return data.has("properties")
        ? (ObjectNode) data.get("properties")
        : data.putObject("properties");
  }

  static void putNumber(ObjectNode data, String field, JsonNode value) {
    String text = text(value);
    if (text == null) {
      return;
    }
    try {
      data.put(field, new BigDecimal(text));
    } catch (NumberFormatException e) {
      properties(data).put(field, text);
    }
  }

  /** {@code changed_fields}, each vendor name under its catalog name where there is one. */
  static void changed(ObjectNode data, Iterable<String> vendorFields, Map<String, String> names) {
    ArrayNode changed = data.putArray("changed_fields");
    for (String field : vendorFields) {
      String name = names.getOrDefault(field, field);
      if (!contains(changed, name)) {
        changed.add(name);
      }
    }
  }

  /** A decimal amount ("403.00") in the currency's minor unit (40300); null if it is not one. */
  static Long minorUnits(String amount, String currency) {
    if (amount == null || currency == null) {
      return null;
    }
    try {
      int digits =
          Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
      return new BigDecimal(amount).movePointRight(Math.max(digits, 0)).longValueExact();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  private static boolean contains(ArrayNode array, String text) {
    for (JsonNode item : array) {
      if (text.equals(item.asString())) {
        return true;
      }
    }
    return false;
  }
}
