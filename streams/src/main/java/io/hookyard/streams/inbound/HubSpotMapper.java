package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HubSpot webhook events (one per inbound record; ingest splits HubSpot's batches): {@code
 * <object>.creation | propertyChange | deletion} for contacts, companies and deals become {@code
 * <object>.created | updated | deleted}. A property change names the property in {@code
 * changed_fields} and carries its new value, under the catalog's field name where there is one.
 */
final class HubSpotMapper implements VendorMapper {
  /** CRM objects as HubSpot's sync reports them (search results with {@code properties}). */
  static final SyncRecords SYNC = new Records();

  private static final Map<String, String> OBJECTS =
      Map.of("contact", "contact", "company", "company", "deal", "deal");
  private static final Map<String, String> ACTIONS =
      Map.of("creation", "created", "propertyChange", "updated", "deletion", "deleted");
  private static final Map<String, String> FIELDS =
      Map.of(
          "email", "email",
          "firstname", "first_name",
          "lastname", "last_name",
          "phone", "phone",
          "name", "name",
          "domain", "domain",
          "industry", "industry",
          "dealname", "name",
          "amount", "amount",
          "dealstage", "stage");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals("hubspot") && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode event = Json.tree(record.body());
    String[] subscription = event.path("subscriptionType").asString("").split("\\.", 2);
    String object = subscription.length == 2 ? OBJECTS.get(subscription[0]) : null;
    String action = subscription.length == 2 ? ACTIONS.get(subscription[1]) : null;
    if (object == null || action == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("id", event.path("objectId").asString());
    ObjectNode source = data.putObject("source");
    source.put("vendor", "hubspot");
    source.put("object_id", event.path("objectId").asString());
    String property = event.path("propertyName").asString(null);
    if (action.equals("updated") && property != null) {
      data.putArray("changed_fields").add(FIELDS.getOrDefault(property, property));
      String field = FIELDS.get(property);
      JsonNode value = event.path("propertyValue");
      if (field != null && !value.isMissingNode()) {
        if (field.equals("amount")) {
          data.put(field, value.asDouble());
        } else {
          data.put(field, value.asString());
        }
      } else if (!value.isMissingNode()) {
        data.putObject("properties").put(property, value.asString());
      }
    }
    return List.of(VendorMapper.envelope(record, 0, object + "." + action, Json.write(data)));
  }

  private static final class Records implements SyncRecords {
    private static final Map<String, String> RESOURCES =
        Map.of("contacts", "contact", "companies", "company", "deals", "deal");
    private static final java.util.Set<String> NOT_COPIED =
        java.util.Set.of("hs_object_id", "lastmodifieddate", "hs_lastmodifieddate", "createdate");

    @Override
    public String resource(String entity) {
      return RESOURCES.get(entity);
    }

    @Override
    public void fill(String entity, JsonNode record, ObjectNode data) {
      ObjectNode extra = null;
      for (var property : record.path("properties").properties()) {
        String name = property.getKey();
        JsonNode value = property.getValue();
        String field = FIELDS.get(name);
        if (value.isNull() || NOT_COPIED.contains(name)) {
          continue;
        }
        if (field == null) {
          if (extra == null) {
            extra = data.putObject("properties");
          }
          extra.put(name, value.asString());
        } else if (field.equals("amount")) {
          data.put(field, value.asDouble());
        } else {
          data.put(field, value.asString());
        }
      }
    }

    @Override
    public String field(String entity, String vendorField) {
      return FIELDS.getOrDefault(vendorField, vendorField);
    }
  }
}
