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

  /** Rows as Dataverse change tracking reports them (Web API JSON, lookups as {@code _x_value}). */
  static final SyncRecords SYNC = new Records();

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

  /**
   * Dataverse rows: accounts are companies ({@code websiteurl}'s host without {@code www.} is the
   * domain), contacts contacts, opportunities deals, invoices invoices ({@code totalamount} in
   * cents: Dataverse's money columns default to two decimals and a delta row carries no currency
   * code). Lookups ({@code _parentcustomerid_value}) are ids; other columns go under {@code
   * properties}, annotations ({@code @OData…}) are dropped.
   */
  private static final class Records implements SyncRecords {
    private static final Map<String, String> RESOURCES =
        Map.of(
            "accounts", "company",
            "contacts", "contact",
            "opportunities", "deal",
            "invoices", "invoice");
    private static final Map<String, Map<String, String>> NAMES =
        Map.of(
            "accounts",
            Map.of("name", "name", "websiteurl", "domain", "telephone1", "phone"),
            "contacts",
            Map.of(
                "emailaddress1", "email",
                "firstname", "first_name",
                "lastname", "last_name",
                "telephone1", "phone",
                "_parentcustomerid_value", "company_id"),
            "opportunities",
            Map.of(
                "name", "name",
                "estimatedvalue", "amount",
                "stepname", "stage",
                "_parentaccountid_value", "company_id"),
            "invoices",
            Map.of(
                "invoicenumber", "number",
                "totalamount", "amount",
                "_customerid_value", "customer_id",
                "duedate", "due_date"));
    private static final Set<String> NOT_COPIED =
        Set.of("accountid", "contactid", "opportunityid", "invoiceid", "createdon", "modifiedon");

    @Override
    public String resource(String entity) {
      return RESOURCES.get(entity);
    }

    @Override
    public void fill(String entity, JsonNode record, ObjectNode data) {
      Map<String, String> names = NAMES.getOrDefault(entity, Map.of());
      for (var column : record.properties()) {
        String name = column.getKey();
        JsonNode value = column.getValue();
        String field = names.get(name);
        if (name.contains("@") || NOT_COPIED.contains(name) || value.isNull()) {
          continue;
        }
        if (field == null) {
          CatalogData.properties(data).set(name, value);
        } else if (field.equals("amount") && entity.equals("invoices")) {
          Long cents = cents(CatalogData.text(value));
          if (cents != null && cents >= 0) {
            data.put(field, cents);
          }
          CatalogData.properties(data).set(name, value);
        } else if (field.equals("amount")) {
          CatalogData.putNumber(data, field, value);
        } else if (field.equals("domain")) {
          putDomain(data, CatalogData.text(value));
        } else if (field.equals("due_date")) {
          String date = CatalogData.text(value);
          if (date != null && date.length() >= 10) {
            data.put(field, date.substring(0, 10));
          }
        } else {
          CatalogData.putText(data, field, value);
        }
      }
    }

    private static Long cents(String amount) {
      try {
        return amount == null
            ? null
            : new java.math.BigDecimal(amount)
                .movePointRight(2)
                .setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }

    private static void putDomain(ObjectNode data, String url) {
      if (url == null) {
        return;
      }
      String host = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
      host = host.replaceFirst("[/?#:].*$", "").replaceFirst("^www\\.", "");
      if (!host.isEmpty()) {
        data.put("domain", host.toLowerCase(java.util.Locale.ROOT));
      }
      CatalogData.properties(data).put("websiteurl", url);
    }

    @Override
    public String field(String entity, String vendorField) {
      return NAMES.getOrDefault(entity, Map.of()).getOrDefault(vendorField, vendorField);
    }
  }
}
