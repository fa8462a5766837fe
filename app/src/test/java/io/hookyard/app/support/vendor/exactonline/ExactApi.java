package io.hookyard.app.support.vendor.exactonline;

import io.hookyard.app.support.vendor.exactonline.ExactOnlineFake.Reply;
import io.hookyard.schemas.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The fake's REST resources for one division: the sync API, accounts and sales invoices. */
final class ExactApi {
  private static final Pattern SINCE = Pattern.compile("Timestamp gt (\\d+)L");
  private static final Pattern TYPE = Pattern.compile("EntityType eq (\\d+)");
  private static final Pattern EQ =
      Pattern.compile("(trim\\(Code\\)|Name|YourRef) eq '((?:[^']|'')*)'");
  private static final Pattern ACCOUNT = Pattern.compile("crm/Accounts\\(guid'([0-9a-f-]+)'\\)");
  private static final Map<String, String> SYNC =
      Map.of(
          "sync/CRM/Accounts", "Accounts",
          "sync/CRM/Contacts", "Contacts",
          "sync/SalesInvoice/SalesInvoices", "SalesInvoices",
          "sync/Deleted", "Deleted");

  private final ExactRecords records;
  private final Supplier<String> base;
  private volatile int pageSize = 1000;

  ExactApi(ExactRecords records, Supplier<String> base) {
    this.records = records;
    this.base = base;
  }

  void pageSize(int size) {
    this.pageSize = size;
  }

  Reply answer(String method, String path, Map<String, String> params, String body) {
    if (path.equals("/api/v1/current/Me")) {
      return ok(200, d(List.of(Map.of("CurrentDivision", ExactOnlineFake.DIVISION))));
    }
    String prefix = "/api/v1/" + ExactOnlineFake.DIVISION + "/";
    if (!path.startsWith(prefix)) {
      return new Reply(403, error("Forbidden: no access to this division."));
    }
    String resource = path.substring(prefix.length());
    if (params.containsKey("$skip")) {
      return new Reply(400, error("$skip is not supported; use $skiptoken."));
    }
    if (method.equals("GET") && SYNC.containsKey(resource)) {
      return sync(resource, SYNC.get(resource), params);
    }
    Matcher account = ACCOUNT.matcher(resource);
    if (method.equals("PUT") && account.matches()) {
      return update(account.group(1), Json.mapper().readTree(body));
    }
    return switch (method + " " + resource) {
      case "GET crm/Accounts" -> find("Accounts", params);
      case "POST crm/Accounts" -> createAccount(Json.mapper().readTree(body));
      case "GET salesinvoice/SalesInvoices" -> find("SalesInvoices", params);
      case "POST salesinvoice/SalesInvoices" -> createInvoice(Json.mapper().readTree(body));
      default -> new Reply(404, error("Not found: " + method + " " + resource));
    };
  }

  private Reply sync(String resource, String table, Map<String, String> params) {
    String select = params.get("$select");
    String filter = params.getOrDefault("$filter", "");
    if (select == null || select.isBlank()) {
      return new Reply(400, error("$select is mandatory for this endpoint."));
    }
    Matcher since = SINCE.matcher(filter);
    long after = since.find() ? Long.parseLong(since.group(1)) : 0;
    String skip = params.get("$skiptoken");
    if (skip != null) {
      after = Math.max(after, Long.parseLong(skip.replace("L", "")));
    }
    Matcher type = TYPE.matcher(filter);
    Integer entityType = type.find() ? Integer.valueOf(type.group(1)) : null;
    long from = after;
    Predicate<ObjectNode> match =
        r ->
            r.path("Timestamp").asLong() > from
                && (entityType == null || r.path("EntityType").asInt() == entityType);
    List<ObjectNode> rows = records.rows(table, match, pageSize + 1); // one more: is there a next?
    List<ObjectNode> page = rows.subList(0, Math.min(pageSize, rows.size()));
    ArrayNode results = Json.mapper().createArrayNode();
    List<String> fields = List.of(select.split(","));
    for (ObjectNode row : page) {
      ObjectNode out = results.addObject();
      fields.forEach(f -> out.set(f.strip(), row.has(f.strip()) ? row.get(f.strip()) : null));
    }
    ObjectNode d = Json.mapper().createObjectNode();
    d.set("results", results);
    if (rows.size() > page.size()) {
      long last = page.get(page.size() - 1).path("Timestamp").asLong();
      d.put(
          "__next",
          base.get()
              + "/api/v1/"
              + ExactOnlineFake.DIVISION
              + "/"
              + resource
              + "?$select="
              + enc(select)
              + "&$filter="
              + enc(filter)
              + "&$skiptoken="
              + last
              + "L");
    }
    return ok(200, Map.of("d", d));
  }

  private Reply find(String table, Map<String, String> params) {
    Matcher eq = EQ.matcher(params.getOrDefault("$filter", ""));
    if (!eq.find()) {
      return new Reply(400, error("Mandatory filter missing."));
    }
    String field = eq.group(1).equals("trim(Code)") ? "Code" : eq.group(1);
    String value = eq.group(2).replace("''", "'");
    List<ObjectNode> rows =
        records.rows(table, r -> value.equals(r.path(field).asString("").strip()));
    return ok(200, d(rows));
  }

  private Reply createAccount(JsonNode body) {
    if (body.path("Name").asString("").isBlank()) {
      return new Reply(400, error("Mandatory: Name"));
    }
    ObjectNode row = records.create("Accounts", ExactRecords.map(body));
    return ok(201, Map.of("d", row));
  }

  private Reply update(String id, JsonNode body) {
    if (records.get("Accounts", id) == null) {
      return new Reply(404, error("Account not found."));
    }
    records.put("Accounts", id, ExactRecords.map(body));
    return new Reply(204, null);
  }

  private Reply createInvoice(JsonNode body) {
    String customer = body.path("OrderedBy").asString("");
    if (records.get("Accounts", customer) == null) {
      return new Reply(400, error("Ordered by: Account does not exist: " + customer));
    }
    if (!body.path("SalesInvoiceLines").isArray() || body.path("SalesInvoiceLines").isEmpty()) {
      return new Reply(400, error("Invoice lines are mandatory."));
    }
    Map<String, Object> fields = ExactRecords.map(body);
    ObjectNode row = records.create("SalesInvoices", fields);
    row.put("AmountDC", amount(body.path("SalesInvoiceLines")));
    return ok(201, Map.of("d", row));
  }

  private static double amount(JsonNode lines) {
    double total = 0;
    for (JsonNode line : lines) {
      total += line.path("Quantity").asDouble(1) * line.path("UnitPrice").asDouble(0);
    }
    return total;
  }

  private static Map<String, Object> d(List<?> results) {
    return Map.of("d", Map.of("results", results));
  }

  private static Reply ok(int status, Object body) {
    return new Reply(status, Json.writeString(body));
  }

  /** Exact's OData v2 error body. */
  static String error(String message) {
    return Json.writeString(
        Map.of("error", Map.of("code", "", "message", Map.of("lang", "", "value", message))));
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
