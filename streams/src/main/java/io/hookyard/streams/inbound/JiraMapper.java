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
 * Jira Cloud webhooks, typed by the body's {@code webhookEvent}. Issues and projects become {@code
 * entity.created|updated|deleted} of kind {@code issue} or {@code project}, with the issue key,
 * summary and status among the attributes; an issue update lists its changelog's fields as {@code
 * changed_fields}. Comments, worklogs, sprints and the rest stay {@code vendor.jira.<event>}.
 */
final class JiraMapper implements VendorMapper {
  static final String VENDOR = "jira";
  private static final Map<String, String> EVENTS =
      Map.of(
          "jira:issue_created", "issue.created",
          "jira:issue_updated", "issue.updated",
          "jira:issue_deleted", "issue.deleted",
          "project_created", "project.created",
          "project_updated", "project.updated",
          "project_deleted", "project.deleted");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode payload = Json.tree(record.body());
    String event = EVENTS.get(payload.path("webhookEvent").asString(""));
    if (event == null) {
      return VendorMapper.fallback(record);
    }
    String kind = event.substring(0, event.indexOf('.'));
    String action = event.substring(event.indexOf('.') + 1);
    JsonNode object = payload.path(kind);
    String id = CatalogData.text(object.path("id"));
    if (id == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode data = CatalogData.entity(VENDOR, id, kind);
    ObjectNode attributes = data.putObject("attributes");
    CatalogData.putText(attributes, "key", object.path("key"));
    CatalogData.putText(attributes, "name", object.path("name"));
    CatalogData.putText(attributes, "summary", object.path("fields").path("summary"));
    CatalogData.putText(attributes, "status", object.path("fields").path("status").path("name"));
    if (action.equals("updated") && payload.path("changelog").path("items").isArray()) {
      List<String> changed = new ArrayList<>();
      payload.path("changelog").path("items").forEach(i -> changed.add(i.path("field").asString()));
      CatalogData.changed(data, changed, Map.of());
    }
    return List.of(VendorMapper.envelope(record, 0, "entity." + action, Json.write(data)));
  }
}
