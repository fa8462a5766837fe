package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Exact Online webhooks ({@code {"Content": {"Topic", "Action", "Key", "Division", …}}}). The
 * notification names the record but carries none of its fields, so the event holds its id ({@code
 * Key}) and division only; a subscriber reads the rest from Exact. Accounts (Exact's customers and
 * suppliers) become companies, Contacts contacts, SalesInvoices invoices, other topics {@code
 * entity.*} of that topic. Exact does not say which fields changed.
 */
final class ExactOnlineMapper implements VendorMapper {
  static final String VENDOR = "exact-online";

  /** Records from Exact Online's sync API ({@code accounts}, {@code contacts}, …). */
  static final SyncRecords SYNC = new ExactOnlineSyncRecords();

  private static final Map<String, String> TOPICS =
      Map.of("Accounts", "company", "Contacts", "contact", "SalesInvoices", "invoice");
  private static final Map<String, String> ACTIONS =
      Map.of("Create", "created", "Update", "updated", "Delete", "deleted");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode content = Json.tree(record.body()).path("Content");
    String topic = content.path("Topic").asString("");
    String action = ACTIONS.get(content.path("Action").asString(""));
    String key = CatalogData.text(content.path("Key"));
    if (topic.isEmpty() || action == null || key == null) {
      return VendorMapper.fallback(record);
    }
    String resource = TOPICS.get(topic);
    ObjectNode data =
        resource == null
            ? CatalogData.entity(VENDOR, key, VendorMapper.segment(topic))
            : CatalogData.of(VENDOR, key);
    ObjectNode where = resource == null ? data.putObject("attributes") : data;
    CatalogData.putText(where, "division", content.path("Division"));
    CatalogData.putText(where, "endpoint", content.path("ExactOnlineEndpoint"));
    String type = (resource == null ? "entity" : resource) + "." + action;
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }
}
