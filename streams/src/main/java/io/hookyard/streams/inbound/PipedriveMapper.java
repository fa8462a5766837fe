package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pipedrive webhooks, v2 ({@code meta.entity}, {@code meta.action} create|change|delete, {@code
 * data}, {@code previous}) and v1 ({@code meta.object}, {@code meta.action} added|updated|deleted,
 * {@code current}, {@code previous}). Persons become contacts, organizations companies, deals
 * deals; other objects {@code entity.*} of that kind. {@code changed_fields}: in v2 the fields
 * {@code previous} holds, in v1 the fields whose value differs between {@code current} and {@code
 * previous}. Fields without a catalog name (custom fields' hash keys among them) stay under {@code
 * properties}.
 */
final class PipedriveMapper implements VendorMapper {
  static final String VENDOR = "pipedrive";

  /** Records as Pipedrive's API v2 lists them (persons, organizations, deals). */
  static final SyncRecords SYNC = new Records();

  private static final Map<String, String> OBJECTS =
      Map.of("person", "contact", "organization", "company", "deal", "deal");
  private static final Map<String, String> ACTIONS =
      Map.of(
          "create", "created", "change", "updated", "delete", "deleted", "added", "created",
          "updated", "updated", "deleted", "deleted");
  private static final Map<String, Map<String, String>> FIELDS =
      Map.of(
          "person",
          Map.of(
              "first_name", "first_name",
              "last_name", "last_name",
              "org_id", "company_id",
              "emails", "email",
              "email", "email",
              "phones", "phone",
              "phone", "phone"),
          "organization",
          Map.of("name", "name"),
          "deal",
          Map.of(
              "title", "name",
              "value", "amount",
              "currency", "currency",
              "stage_id", "stage",
              "org_id", "company_id"));

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode payload = Json.tree(record.body());
    JsonNode meta = payload.path("meta");
    boolean v2 = meta.has("entity");
    String object = meta.path(v2 ? "entity" : "object").asString("");
    String action = ACTIONS.get(meta.path("action").asString(""));
    String id = CatalogData.text(meta.path(v2 ? "entity_id" : "id"));
    if (action == null || id == null || object.isEmpty()) {
      return VendorMapper.fallback(record);
    }
    Map<String, String> names = FIELDS.getOrDefault(object, Map.of());
    JsonNode current = payload.path(v2 ? "data" : "current");
    JsonNode previous = payload.path("previous");
    String resource = OBJECTS.get(object);
    ObjectNode data;
    if (resource == null) {
      data = CatalogData.entity(VENDOR, id, VendorMapper.segment(object));
      data.set("attributes", current.isObject() ? current : previous);
    } else {
      data = CatalogData.of(VENDOR, id);
      JsonNode fields = current.isObject() ? current : previous;
      if (fields.isObject()) {
        copy(data, fields, names);
      }
    }
    if (action.equals("updated") && previous.isObject()) {
      CatalogData.changed(data, changedFields(v2, current, previous), names);
    }
    String type = (resource == null ? "entity" : resource) + "." + action;
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }

  private static void copy(ObjectNode data, JsonNode fields, Map<String, String> names) {
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      String name = names.get(field.getKey());
      JsonNode value = primary(field.getValue());
      if (name == null || field.getKey().equals("id")) {
        CatalogData.properties(data).set(field.getKey(), field.getValue());
      } else if (name.equals("amount")) {
        CatalogData.putNumber(data, name, value);
      } else {
        CatalogData.putText(data, name, value);
      }
    }
  }

  /** Pipedrive's {@code [{"value","primary"}]} lists and {@code {"value": id}} references. */
  private static JsonNode primary(JsonNode value) {
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.path("primary").asBoolean(false)) {
          return item.path("value");
        }
      }
      return value.path(0).path("value");
    }
    return value.isObject() ? value.path("value") : value;
  }

  private static List<String> changedFields(boolean v2, JsonNode current, JsonNode previous) {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : previous.properties()) {
      if (v2 || !field.getValue().equals(current.path(field.getKey()))) {
        changed.add(field.getKey());
      }
    }
    return changed;
  }

  /**
   * API v2 records: persons are contacts ({@code emails}/{@code phones} lists give their primary
   * value), organizations companies, deals deals ({@code title} the name, {@code value} the
   * amount); everything else, custom fields included, under {@code properties}.
   */
  private static final class Records implements SyncRecords {
    private static final Map<String, String> SINGULAR =
        Map.of("persons", "person", "organizations", "organization", "deals", "deal");

    @Override
    public String resource(String entity) {
      return OBJECTS.get(SINGULAR.getOrDefault(entity, ""));
    }

    @Override
    public void fill(String entity, JsonNode record, ObjectNode data) {
      copy(data, record, FIELDS.getOrDefault(SINGULAR.getOrDefault(entity, ""), Map.of()));
    }

    @Override
    public String field(String entity, String vendorField) {
      return FIELDS
          .getOrDefault(SINGULAR.getOrDefault(entity, ""), Map.of())
          .getOrDefault(vendorField, vendorField);
    }
  }
}
