package io.hookyard.dispatch.vendor.exactonline;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Exact Online {@code upsert_account}: Exact has no upsert, so (vendors.md §20.6):
 *
 * <ol>
 *   <li>{@code GET …/api/v1/{division}/crm/Accounts?$filter=trim(Code) eq
 *       '<code>'&$select=ID,Code,Name} (codes are stored padded with spaces), or {@code Name eq
 *       '<name>'} when the input has no code;
 *   <li>found: {@code PUT …/crm/Accounts(guid'<ID>')} with the fields (204 No Content); else {@code
 *       POST …/crm/Accounts} (201, {@code d.ID}), {@code Status} {@code "C"} (customer) unless
 *       given.
 * </ol>
 *
 * Two calls, both through the connection's budget. Idempotency: a retry finds what an earlier try
 * created (Exact's CRUD reads are not an eventually consistent index), so it updates rather than
 * duplicates. {@code vendor_object_id} is the account's {@code ID}.
 *
 * <p>Input from a transform: Exact's own field names, {@code {"Code", "Name", "Email", "Phone",
 * "Website", "City", "Country", …}} (plain values; {@code ID} is ignored). Default from a {@code
 * company.*} event's {@code data}: {@code code}, {@code name}, {@code email}, {@code phone}, {@code
 * domain} (as Website), {@code city}, {@code country}.
 */
final class UpsertAccount implements Action {
  static final String ACCOUNTS = "crm/Accounts";

  @Override
  public String type() {
    return ExactOnline.VENDOR;
  }

  @Override
  public String name() {
    return "upsert_account";
  }

  @Override
  public URI defaultBaseUrl() {
    return ExactOnline.BASE;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> fields = fields(input);
    Object code = fields.get("Code");
    Object name = fields.get("Name");
    if (code == null && name == null) {
      return Mono.just(
          new Result.Refused(null, "invalid_input: no Code or Name to find the account by"));
    }
    String filter =
        code != null
            ? "trim(Code)%20eq%20" + ExactOnline.literal(code.toString().strip())
            : "Name%20eq%20" + ExactOnline.literal(name.toString());
    URI find = ExactOnline.url(call, ACCOUNTS + "?$filter=" + filter + "&$select=ID,Code,Name");
    if (find == null) {
      return Mono.just(
          new Result.Refused(null, "invalid_connection: the connection names no division"));
    }
    return call.send(Request.json("GET", find, null))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Mono.just(ExactOnline.classify(found, "account lookup", null));
              }
              String id = Input.text(ExactOnline.first(found), "ID");
              if (id != null) {
                URI put = ExactOnline.url(call, ACCOUNTS + "(guid'" + id + "')");
                return call.send(Request.json("PUT", put, fields))
                    .map(r -> ExactOnline.classify(r, "account", id));
              }
              Map<String, Object> create = new LinkedHashMap<>(fields);
              create.putIfAbsent("Status", "C");
              return call.send(Request.json("POST", ExactOnline.url(call, ACCOUNTS), create))
                  .map(
                      r ->
                          ExactOnline.classify(r, "account", Input.text(r.json().path("d"), "ID")));
            });
  }

  private static Map<String, Object> fields(Input input) {
    JsonNode data = input.data();
    Map<String, Object> fields = new LinkedHashMap<>();
    if (input.transformed()) {
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        JsonNode value = e.getValue();
        if (!e.getKey().equals("ID") && value.isValueNode() && !value.isNull()) {
          fields.put(e.getKey(), value.isNumber() ? value.numberValue() : value.asString());
        }
      }
      return fields;
    }
    put(fields, "Code", data, "code");
    put(fields, "Name", data, "name", "company_name");
    put(fields, "Email", data, "email");
    put(fields, "Phone", data, "phone");
    put(fields, "Website", data, "domain", "website");
    put(fields, "City", data, "city");
    put(fields, "Country", data, "country");
    return fields;
  }

  private static void put(Map<String, Object> into, String field, JsonNode data, String... names) {
    String value = Input.text(data, names);
    if (value != null) {
      into.put(field, value);
    }
  }
}
