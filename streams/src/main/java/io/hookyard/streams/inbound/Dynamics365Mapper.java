package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dynamics 365 / Dataverse webhooks: a RemoteExecutionContext whose {@code MessageName} is {@code
 * Create}, {@code Update} or {@code Delete} on {@code PrimaryEntityName}. Contacts, accounts and
 * opportunities become contacts, companies and deals; other tables {@code entity.*} of that logical
 * name. The {@code Target} input parameter's attributes are the data; on {@code Update} Dataverse
 * sends only the attributes that were set, so they are the {@code changed_fields}. Entity
 * references become their id, money and option-set values their number.
 */
final class Dynamics365Mapper implements VendorMapper {
  static final String VENDOR = "dynamics365";
  private static final Map<String, String> TABLES =
      Map.of("contact", "contact", "account", "company", "opportunity", "deal");
  private static final Map<String, String> MESSAGES =
      Map.of("Create", "created", "Update", "updated", "Delete", "deleted");

  /** What Dataverse stamps on every update, whatever the caller changed. */
  private static final Set<String> STAMPS =
      Set.of("modifiedon", "modifiedby", "modifiedonbehalfby");

  private static final Map<String, Map<String, String>> FIELDS =
      Map.of(
          "contact",
          Map.of(
              "emailaddress1", "email",
              "firstname", "first_name",
              "lastname", "last_name",
              "telephone1", "phone",
              "parentcustomerid", "company_id"),
          "account",
          Map.of("name", "name", "websiteurl", "website"),
          "opportunity",
          Map.of(
              "name", "name",
              "estimatedvalue", "amount",
              "stepname", "stage",
              "parentaccountid", "company_id"));

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode context = Json.tree(record.body());
    String action = MESSAGES.get(context.path("MessageName").asString(""));
    String table = context.path("PrimaryEntityName").asString("");
    String id = CatalogData.text(context.path("PrimaryEntityId"));
    if (action == null || table.isEmpty() || id == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode attributes = attributes(target(context), table);
    String resource = TABLES.get(table);
    Map<String, String> names = FIELDS.getOrDefault(table, Map.of());
    ObjectNode data;
    if (resource == null) {
      data = CatalogData.entity(VENDOR, id, VendorMapper.segment(table));
      data.set("attributes", attributes);
    } else {
      data = CatalogData.of(VENDOR, id);
      CatalogData.copy(data, attributes, names);
    }
    if (action.equals("updated")) {
      List<String> changed = new ArrayList<>();
      attributes.propertyNames().stream().filter(a -> !STAMPS.contains(a)).forEach(changed::add);
      CatalogData.changed(data, changed, names);
    }
    String type = (resource == null ? "entity" : resource) + "." + action;
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }

  private static JsonNode target(JsonNode context) {
    for (JsonNode parameter : context.path("InputParameters")) {
      if (parameter.path("key").asString("").equals("Target")) {
        return parameter.path("value");
      }
    }
    return MissingNode.getInstance();
  }

  /** {@code [{"key","value"}]} as an object, without the table's own id attribute. */
  private static ObjectNode attributes(JsonNode target, String table) {
    ObjectNode attributes = Json.mapper().createObjectNode();
    for (JsonNode attribute : target.path("Attributes")) {
      String key = attribute.path("key").asString("");
      if (key.isEmpty() || key.equals(table + "id")) {
        continue;
      }
      JsonNode value = attribute.path("value");
      if (value.isObject() && value.has("Id")) {
        value = value.path("Id");
      } else if (value.isObject() && value.has("Value")) {
        value = value.path("Value");
      }
      attributes.set(key, value);
    }
    return attributes;
  }
}
