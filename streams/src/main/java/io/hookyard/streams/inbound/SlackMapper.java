package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack Events API callbacks, typed by {@code event.type}. A {@code team_join} whose user carries
 * an email (the app needs {@code users:read.email}) is {@code user.joined}; channels created,
 * renamed and deleted are {@code entity.*} of kind {@code channel}, a rename changing {@code name}.
 * Messages, mentions, reactions and the rest stay {@code vendor.slack.<event type>}.
 */
final class SlackMapper implements VendorMapper {
  static final String VENDOR = "slack";

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode event = Json.tree(record.body()).path("event");
    String type = event.path("type").asString("");
    ObjectNode data;
    String catalogType;
    if (type.equals("team_join")) {
      JsonNode user = event.path("user");
      String id = CatalogData.text(user.path("id"));
      String email = CatalogData.text(user.path("profile").path("email"));
      if (id == null || email == null) {
        return VendorMapper.fallback(record);
      }
      data = CatalogData.of(VENDOR, id);
      data.put("email", email);
      CatalogData.putText(data, "name", user.path("real_name"));
      catalogType = "user.joined";
    } else if (type.startsWith("channel_")) {
      JsonNode channel = event.path("channel");
      String id = CatalogData.text(channel.isObject() ? channel.path("id") : channel);
      catalogType =
          switch (type) {
            case "channel_created" -> "entity.created";
            case "channel_rename" -> "entity.updated";
            case "channel_deleted" -> "entity.deleted";
            default -> null;
          };
      if (id == null || catalogType == null) {
        return VendorMapper.fallback(record);
      }
      data = CatalogData.entity(VENDOR, id, "channel");
      CatalogData.putText(data.putObject("attributes"), "name", channel.path("name"));
      if (type.equals("channel_rename")) {
        data.putArray("changed_fields").add("name");
      }
    } else {
      return VendorMapper.fallback(record);
    }
    return List.of(VendorMapper.envelope(record, 0, catalogType, Json.write(data)));
  }
}
