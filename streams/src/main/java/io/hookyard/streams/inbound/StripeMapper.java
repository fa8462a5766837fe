package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stripe events ({@code {"id","type","data":{"object":{…}}}}): invoices and subscriptions map onto
 * the catalog — {@code invoice.paid}, {@code invoice.payment_failed} → {@code invoice.failed},
 * {@code invoice.created|updated|deleted}, {@code customer.subscription.created|updated|deleted} →
 * {@code subscription.created|updated|cancelled}. Amounts stay in minor units; currencies become
 * upper-case ISO codes; Unix times become RFC 3339. The object's {@code metadata} (Stripe's custom
 * fields) is kept under {@code properties}, for a tenant's field mapping to lift.
 */
final class StripeMapper implements VendorMapper {
  private static final Map<String, String> INVOICES =
      Map.of(
          "invoice.paid", "invoice.paid",
          "invoice.payment_failed", "invoice.failed",
          "invoice.created", "invoice.created",
          "invoice.updated", "invoice.updated",
          "invoice.deleted", "invoice.deleted");
  private static final Map<String, String> SUBSCRIPTIONS =
      Map.of(
          "customer.subscription.created", "subscription.created",
          "customer.subscription.updated", "subscription.updated",
          "customer.subscription.deleted", "subscription.cancelled");

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals("stripe") && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode event = Json.tree(record.body());
    String type = event.path("type").asString("");
    JsonNode object = event.path("data").path("object");
    ObjectNode data;
    String catalogType;
    if (INVOICES.containsKey(type)) {
      data = invoice(type, object);
      catalogType = INVOICES.get(type);
    } else if (SUBSCRIPTIONS.containsKey(type)) {
      data = subscription(object);
      catalogType = SUBSCRIPTIONS.get(type);
    } else {
      return VendorMapper.fallback(record);
    }
    if (object.path("metadata").isObject() && !object.path("metadata").isEmpty()) {
      data.set("properties", object.path("metadata"));
    }
    return List.of(VendorMapper.envelope(record, 0, catalogType, Json.write(data)));
  }

  private static ObjectNode invoice(String type, JsonNode invoice) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("id", invoice.path("id").asString());
    data.put("customer_id", invoice.path("customer").asString());
    data.put(
        "amount",
        type.equals("invoice.paid")
            ? invoice.path("amount_paid").asLong()
            : invoice.path("amount_due").asLong());
    data.put("currency", invoice.path("currency").asString("").toUpperCase(Locale.ROOT));
    JsonNode paidAt = invoice.path("status_transitions").path("paid_at");
    if (paidAt.isNumber()) {
      data.put("paid_at", Instant.ofEpochSecond(paidAt.asLong()).toString());
    }
    if (type.equals("invoice.payment_failed")) {
      data.put(
          "failure_reason",
          invoice.path("last_finalization_error").path("code").asString("payment_failed"));
    }
    return data;
  }

  private static ObjectNode subscription(JsonNode subscription) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("id", subscription.path("id").asString());
    data.put("customer_id", subscription.path("customer").asString());
    JsonNode price = subscription.path("items").path("data").path(0).path("price").path("id");
    if (price.isString()) {
      data.put("plan", price.asString());
    }
    String status = subscription.path("status").asString("active");
    data.put("status", status.equals("canceled") ? "cancelled" : status);
    JsonNode periodEnd = subscription.path("current_period_end");
    if (periodEnd.isNumber()) {
      data.put("current_period_end", Instant.ofEpochSecond(periodEnd.asLong()).toString());
    }
    return data;
  }
}
