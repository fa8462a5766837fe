package io.hookyard.streams.inbound;

import static io.hookyard.streams.inbound.VendorSamples.assertValid;
import static io.hookyard.streams.inbound.VendorSamples.data;
import static io.hookyard.streams.inbound.VendorSamples.mapOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.event.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShopifyMapperTest {
  private final ShopifyMapper mapper = new ShopifyMapper();

  @Test
  void aNewCustomerIsAContactCreated() {
    EventEnvelope event =
        mapOne(mapper, "shopify", "customers/create", "shopify-customers.create.json");
    assertThat(event.type()).isEqualTo("contact.created");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("id").asString()).isEqualTo("706405506930370084");
    assertThat(data.path("email").asString()).isEqualTo("bob@example.com");
    assertThat(data.path("last_name").asString()).isEqualTo("Norman");
  }

  @Test
  void aPaidOrderIsAnInvoicePaidInMinorUnits() {
    EventEnvelope event = mapOne(mapper, "shopify", "orders/paid", "shopify-orders.paid.json");
    assertThat(event.type()).isEqualTo("invoice.paid");
    assertValid(event);
    JsonNode data = data(event);
    assertThat(data.path("amount").asLong()).isEqualTo(40350);
    assertThat(data.path("currency").asString()).isEqualTo("EUR");
    assertThat(data.path("customer_id").asString()).isEqualTo("115310627314723954");
  }

  @Test
  void aGuestOrderIsAnInvoiceCreatedWithoutCustomer() {
    EventEnvelope event =
        mapOne(mapper, "shopify", "orders/create", "shopify-orders.create-guest.json");
    assertThat(event.type()).isEqualTo("invoice.created");
    assertValid(event);
    assertThat(data(event).path("amount").asLong()).isEqualTo(40300);
    assertThat(data(event).has("customer_id")).isFalse();
  }

  @Test
  void aGuestOrderPaidKeepsItsPayloadAsAVendorEvent() {
    EventEnvelope event =
        mapOne(mapper, "shopify", "orders/paid", "shopify-orders.create-guest.json");
    assertThat(event.type()).isEqualTo("vendor.shopify.orders_paid");
    assertThat(data(event).path("total_price").asString()).isEqualTo("403.00");
  }

  @Test
  void aTopicWithoutMappingKeepsItsPayload() {
    EventEnvelope event =
        mapOne(mapper, "shopify", "app/uninstalled", "shopify-app.uninstalled.json");
    assertThat(event.type()).isEqualTo("vendor.shopify.app_uninstalled");
    assertThat(data(event).path("myshopify_domain").asString())
        .isEqualTo("super-toys.myshopify.com");
  }
}
