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
 * Shopify webhooks, typed by {@code X-Shopify-Topic} ({@code customers/create}, …): customers
 * become contacts, B2B companies companies, and orders invoices ({@code orders/paid} → {@code
 * invoice.paid} when the order names a customer, as the catalog requires one). Amounts become the
 * currency's minor unit. Shopify does not say which fields changed, so there is no {@code
 * changed_fields}.
 */
final class ShopifyMapper implements VendorMapper {
  static final String VENDOR = "shopify";
  private static final Map<String, String> TOPICS =
      Map.ofEntries(
          Map.entry("customers/create", "contact.created"),
          Map.entry("customers/update", "contact.updated"),
          Map.entry("customers/delete", "contact.deleted"),
          Map.entry("companies/create", "company.created"),
          Map.entry("companies/update", "company.updated"),
          Map.entry("companies/delete", "company.deleted"),
          Map.entry("orders/create", "invoice.created"),
          Map.entry("orders/updated", "invoice.updated"),
          Map.entry("orders/delete", "invoice.deleted"),
          Map.entry("orders/paid", "invoice.paid"));
  private static final Map<String, String> CUSTOMER =
      Map.of(
          "email", "email", "first_name", "first_name", "last_name", "last_name", "phone", "phone");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    String topic = record.vendorEventType();
    String type = topic == null ? null : TOPICS.get(topic.toLowerCase(Locale.ROOT));
    JsonNode payload = Json.tree(record.body());
    String id = CatalogData.text(payload.path("id"));
    if (type == null || id == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode data = CatalogData.of(VENDOR, id);
    if (type.startsWith("contact.")) {
      CUSTOMER.forEach((from, to) -> CatalogData.putText(data, to, payload.path(from)));
    } else if (type.startsWith("company.")) {
      CatalogData.putText(data, "name", payload.path("name"));
    } else {
      order(data, payload);
      if (type.equals("invoice.paid") && !data.has("customer_id")) {
        return VendorMapper.fallback(record);
      }
    }
    return List.of(VendorMapper.envelope(record, 0, type, Json.write(data)));
  }

  private static void order(ObjectNode data, JsonNode order) {
    CatalogData.putText(data, "customer_id", order.path("customer").path("id"));
    String currency = CatalogData.text(order.path("currency"));
    Long amount = CatalogData.minorUnits(CatalogData.text(order.path("total_price")), currency);
    if (amount != null && amount >= 0) {
      data.put("amount", amount);
      data.put("currency", currency.toUpperCase(Locale.ROOT));
    }
    CatalogData.putText(data, "number", order.path("name"));
    CatalogData.putText(data, "financial_status", order.path("financial_status"));
  }
}
