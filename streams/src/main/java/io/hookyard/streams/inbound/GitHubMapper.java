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
 * GitHub webhooks, typed by {@code X-GitHub-Event} and the payload's {@code action}. Issues, pull
 * requests and repositories become {@code entity.created|updated|deleted} of kind {@code issue},
 * {@code pull_request}, {@code repository}; an {@code edited} action lists the keys of GitHub's
 * {@code changes} object as {@code changed_fields}, closing and reopening change {@code state}.
 * Everything else (pushes, checks, …) stays {@code vendor.github.<event>}.
 */
final class GitHubMapper implements VendorMapper {
  static final String VENDOR = "github";

  /** Event name → entity kind, which is also the payload's key for the object. */
  private static final Map<String, String> KINDS =
      Map.of("issues", "issue", "pull_request", "pull_request", "repository", "repository");

  private static final Map<String, String> STATE_CHANGES =
      Map.of(
          "closed", "state",
          "reopened", "state",
          "renamed", "name",
          "archived", "archived",
          "unarchived", "archived");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    String event = record.vendorEventType();
    String kind = event == null ? null : KINDS.get(event);
    if (kind == null) {
      return VendorMapper.fallback(record);
    }
    JsonNode payload = Json.tree(record.body());
    String action = payload.path("action").asString("");
    JsonNode object = payload.path(kind);
    String id = CatalogData.text(object.path("id"));
    if (id == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode data = CatalogData.entity(VENDOR, id, kind);
    ObjectNode attributes = data.putObject("attributes");
    CatalogData.putText(attributes, "number", object.path("number"));
    CatalogData.putText(attributes, "title", object.path("title"));
    CatalogData.putText(attributes, "name", object.path("full_name"));
    CatalogData.putText(attributes, "state", object.path("state"));
    CatalogData.putText(attributes, "url", object.path("html_url"));
    CatalogData.putText(attributes, "repository", payload.path("repository").path("full_name"));
    String type;
    switch (action) {
      case "opened", "created" -> type = "entity.created";
      case "deleted" -> type = "entity.deleted";
      case "edited" -> {
        type = "entity.updated";
        List<String> changed = new ArrayList<>();
        payload.path("changes").propertyNames().forEach(changed::add);
        CatalogData.changed(data, changed, Map.of());
      }
      default -> {
        if (!STATE_CHANGES.containsKey(action)) {
          return VendorMapper.fallback(record);
        }
        type = "entity.updated";
        CatalogData.changed(data, List.of(STATE_CHANGES.get(action)), Map.of());
      }
    }
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }
}
