package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Graph change notifications, one per inbound record: {@code changeType} created, updated
 * or deleted on the {@code resourceData}'s {@code @odata.type}. Contacts become contacts, every
 * other resource (messages, events, users, groups, …) {@code entity.*} of that type in lower case.
 * A notification names the resource but, unless it is a rich one, carries none of its fields, and
 * never says which changed. Lifecycle notifications ({@code reauthorizationRequired}, {@code
 * missed}, …) stay {@code vendor.ms_graph.<event>}.
 */
final class MsGraphMapper implements VendorMapper {
  static final String VENDOR = "ms-graph";
  private static final Map<String, String> CHANGES =
      Map.of("created", "created", "updated", "updated", "deleted", "deleted");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode notification = Json.tree(record.body());
    String action = CHANGES.get(notification.path("changeType").asString(""));
    JsonNode resource = notification.path("resourceData");
    String odataType = resource.path("@odata.type").asString("");
    String kind = odataType.substring(odataType.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String id = CatalogData.text(resource.path("id"));
    if (action == null || kind.isEmpty() || id == null) {
      return VendorMapper.fallback(record);
    }
    boolean contact = kind.equals("contact");
    ObjectNode data =
        contact
            ? CatalogData.of(VENDOR, id)
            : CatalogData.entity(VENDOR, id, VendorMapper.segment(kind));
    ObjectNode details = contact ? CatalogData.properties(data) : data.putObject("attributes");
    CatalogData.putText(details, "resource", notification.path("resource"));
    CatalogData.putText(details, "subscription_id", notification.path("subscriptionId"));
    CatalogData.putText(details, "tenant_id", notification.path("tenantId"));
    String type = (contact ? "contact" : "entity") + "." + action;
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }
}
