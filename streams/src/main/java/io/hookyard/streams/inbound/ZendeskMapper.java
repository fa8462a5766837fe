package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zendesk event webhooks ({@code "type": "zen:event-type:<object>.<event>"}, the object in {@code
 * detail}, the change in {@code event}). Users become contacts, organizations companies, tickets
 * {@code entity.*} of kind {@code ticket}. {@code created} and {@code deleted} (also {@code
 * soft_deleted}, {@code permanently_deleted}) map to their catalog actions; {@code <field>_changed}
 * is an update with that field in {@code changed_fields}. Other events (comments, identities, …)
 * and trigger webhooks, whose body is the admin's own, stay {@code vendor.zendesk.*}.
 */
final class ZendeskMapper implements VendorMapper {
  static final String VENDOR = "zendesk";
  private static final String PREFIX = "zen:event-type:";
  private static final Map<String, String> OBJECTS =
      Map.of("user", "contact", "organization", "company", "ticket", "entity");
  private static final Map<String, String> USER = Map.of("email", "email", "phone", "phone");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode payload = Json.tree(record.body());
    String type = payload.path("type").asString("");
    String[] parts =
        type.startsWith(PREFIX) ? type.substring(PREFIX.length()).split("\\.", 2) : null;
    String resource = parts != null && parts.length == 2 ? OBJECTS.get(parts[0]) : null;
    JsonNode detail = payload.path("detail");
    String id = CatalogData.text(detail.path("id"));
    String action = parts == null ? null : action(parts[1]);
    if (resource == null || id == null || action == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode data;
    if (resource.equals("entity")) {
      data = CatalogData.entity(VENDOR, id, parts[0]);
      data.set("attributes", detail);
    } else {
      data = CatalogData.of(VENDOR, id);
      if (resource.equals("contact")) {
        USER.forEach((from, to) -> CatalogData.putText(data, to, detail.path(from)));
      }
      CatalogData.putText(data, "name", detail.path("name"));
      data.set("properties", detail);
    }
    if (parts[1].endsWith("_changed")) {
      String field = parts[1].substring(0, parts[1].length() - "_changed".length());
      CatalogData.changed(data, List.of(field), USER);
    }
    return List.of(VendorMapper.envelope(record, 0, resource + "." + action, Json.write(data)));
  }

  private static String action(String event) {
    return switch (event) {
      case "created" -> "created";
      case "deleted", "soft_deleted", "permanently_deleted" -> "deleted";
      default -> event.endsWith("_changed") ? "updated" : null;
    };
  }
}
