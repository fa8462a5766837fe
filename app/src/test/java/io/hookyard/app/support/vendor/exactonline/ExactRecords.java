package io.hookyard.app.support.vendor.exactonline;

import io.hookyard.schemas.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * One division's records behind the fake: every insert or change takes the next row version, the
 * {@code Timestamp} the sync API filters on; a deletion adds a {@code sync/Deleted} row (its own
 * {@code Timestamp}, {@code EntityKey} the record's id, {@code EntityType} 2 Accounts, 5 Contacts,
 * 13 SalesInvoices). Dates are OData v2's {@code /Date(ms)/}.
 */
final class ExactRecords {
  static final Map<String, Integer> DELETED_TYPES =
      Map.of("Accounts", 2, "Contacts", 5, "SalesInvoices", 13);
  static final Map<String, String> KEYS =
      Map.of("Accounts", "ID", "Contacts", "ID", "SalesInvoices", "InvoiceID");

  private final Map<String, Map<String, ObjectNode>> tables = new ConcurrentHashMap<>();
  private final List<ObjectNode> deleted = new ArrayList<>();
  private final int division;
  private long rowVersion = 10_000;
  private int invoiceNumbers = 25_000;

  ExactRecords(int division) {
    this.division = division;
  }

  /** Creates or changes a record (fields merged); returns it. */
  synchronized ObjectNode put(String table, String id, Map<String, Object> fields) {
    Map<String, ObjectNode> rows = tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
    ObjectNode row = rows.get(id);
    String now = "/Date(" + System.currentTimeMillis() + ")/";
    if (row == null) {
      row = Json.mapper().createObjectNode();
      row.put(KEYS.get(table), id);
      row.put("Division", division);
      row.put("Created", now);
      if (table.equals("SalesInvoices")) {
        row.put("InvoiceNumber", ++invoiceNumbers);
        row.put("Status", 20);
        row.put("Type", 8020);
      }
      rows.put(id, row);
    }
    for (var field : fields.entrySet()) {
      Object value = field.getValue();
      if (field.getKey().equals("Code") && value instanceof String code) {
        value = String.format("%18s", code.strip()); // Exact keeps codes right-aligned
      }
      row.set(field.getKey(), Json.mapper().valueToTree(value));
    }
    row.put("Modified", now);
    row.put("Timestamp", ++rowVersion);
    return row.deepCopy();
  }

  synchronized ObjectNode create(String table, Map<String, Object> fields) {
    return put(table, UUID.randomUUID().toString(), fields);
  }

  synchronized boolean delete(String table, String id) {
    ObjectNode gone = tables.getOrDefault(table, Map.of()).remove(id);
    if (gone == null) {
      return false;
    }
    ObjectNode row = Json.mapper().createObjectNode();
    row.put("ID", UUID.randomUUID().toString());
    row.put("EntityKey", id);
    row.put("EntityType", DELETED_TYPES.get(table));
    row.put("Division", division);
    row.put("Timestamp", ++rowVersion);
    deleted.add(row);
    return true;
  }

  synchronized ObjectNode get(String table, String id) {
    ObjectNode row = tables.getOrDefault(table, Map.of()).get(id);
    return row == null ? null : row.deepCopy();
  }

  /** Rows of a table, or of {@code Deleted}, in Timestamp order, matching {@code filter}. */
  synchronized List<ObjectNode> rows(String table, Predicate<ObjectNode> filter) {
    return rows(table, filter, Integer.MAX_VALUE);
  }

  /** The first {@code limit} of those (copied only those, so a large table pages quickly). */
  synchronized List<ObjectNode> rows(String table, Predicate<ObjectNode> filter, int limit) {
    List<ObjectNode> all =
        table.equals("Deleted")
            ? new ArrayList<>(deleted)
            : new ArrayList<>(tables.getOrDefault(table, Map.of()).values());
    return all.stream()
        .filter(filter)
        .sorted(Comparator.comparingLong(r -> r.path("Timestamp").asLong()))
        .limit(limit)
        .map(ObjectNode::deepCopy)
        .toList();
  }

  private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new tools.jackson.core.type.TypeReference<>() {};

  /** A JSON object as a map. */
  static Map<String, Object> map(tools.jackson.databind.JsonNode node) {
    return Json.mapper().convertValue(node, MAP);
  }

  synchronized int count(String table) {
    return tables.getOrDefault(table, Map.of()).size();
  }
}
