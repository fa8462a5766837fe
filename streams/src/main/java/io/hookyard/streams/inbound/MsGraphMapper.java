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

  /**
   * Records as Graph's delta queries report them: contacts are contacts, the rest vendor events.
   */
  static final SyncRecords SYNC = new Records();

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

  /**
   * Graph contacts ({@code contact} resources): the first e-mail address, given name, surname and
   * the first business phone (else the mobile phone) fill the catalog fields; other scalar fields
   * go under {@code properties}. Users, events and messages have no catalog resource.
   */
  private static final class Records implements SyncRecords {
    private static final Map<String, String> FIELDS =
        Map.of(
            "emailAddresses", "email",
            "givenName", "first_name",
            "surname", "last_name",
            "businessPhones", "phone",
            "mobilePhone", "phone");
    private static final java.util.Set<String> NOT_COPIED =
        java.util.Set.of("id", "changeKey", "parentFolderId", "createdDateTime");

    @Override
    public String resource(String entity) {
      return entity.equals("contacts") ? "contact" : null;
    }

    @Override
    public void fill(String entity, JsonNode record, ObjectNode data) {
      CatalogData.putText(data, "email", record.path("emailAddresses").path(0).path("address"));
      CatalogData.putText(data, "first_name", record.path("givenName"));
      CatalogData.putText(data, "last_name", record.path("surname"));
      String phone = CatalogData.text(record.path("businessPhones").path(0));
      CatalogData.putText(
          data,
          "phone",
          phone != null ? record.path("businessPhones").path(0) : record.path("mobilePhone"));
      for (var property : record.properties()) {
        String name = property.getKey();
        String text = CatalogData.text(property.getValue());
        if (text != null
            && !name.contains("@")
            && !FIELDS.containsKey(name)
            && !NOT_COPIED.contains(name)) {
          CatalogData.properties(data).put(name, text);
        }
      }
    }

    @Override
    public String field(String entity, String vendorField) {
      return FIELDS.getOrDefault(vendorField, vendorField);
    }
  }
}
