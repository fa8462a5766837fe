package io.hookyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.Tenants;
import io.hookyard.app.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The event catalog: built-in types with schemas and examples, and a tenant's own types, which only
 * that tenant can publish and subscribe to.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventTypesIT {
  /** TEST-NET-3: public by its address class, so no DNS is needed, and nothing is ever sent. */
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";

  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @Test
  void tenantsAddTheirOwnEventTypesAndPublishThem() {
    Tenant shop = Tenants.create(hookyard, "Shop");
    Tenant other = Tenants.create(hookyard, "Other");
    JsonNode builtIns = shop.api().get("/api/v1/event-types").body().path("data");
    JsonNode paid = find(builtIns, "invoice.paid");
    assertThat(paid.path("schema").path("type").asString()).isEqualTo("object");
    assertThat(paid.path("example").path("id").isMissingNode()).isFalse();

    String shipped =
        "{\"name\":\"order.shipped\",\"description\":\"An order left the warehouse\","
            + "\"schema\":{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}},"
            + "\"required\":[\"order_id\"],\"examples\":[{\"order_id\":\"o_1\"}]}}";
    ApiClient.Response created = shop.api().post("/api/v1/event-types", shipped);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(shop.api().post("/api/v1/event-types", shipped).status()).isEqualTo(409);
    ApiClient.Response badSchema =
        shop.api()
            .post("/api/v1/event-types", "{\"name\":\"order.lost\",\"schema\":{\"type\":12}}");
    assertThat(badSchema.status()).isEqualTo(422);
    assertThat(badSchema.body().path("error").path("code").asString()).isEqualTo("invalid_schema");
    assertThat(
            shop.api()
                .post("/api/v1/event-types", "{\"name\":\"invoice.paid\",\"schema\":{}}")
                .status())
        .isEqualTo(409);

    JsonNode listed = shop.api().get("/api/v1/event-types").body().path("data");
    assertThat(find(listed, "order.shipped").path("description").asString())
        .isEqualTo("An order left the warehouse");
    assertThat(find(other.api().get("/api/v1/event-types").body().path("data"), "order.shipped"))
        .isNull();

    String event = "{\"type\":\"order.shipped\",\"data\":{\"order_id\":\"o_9\"}}";
    assertThat(shop.api().post("/api/v1/events", event).status()).isEqualTo(202);
    ApiClient.Response broken =
        shop.api().post("/api/v1/events", "{\"type\":\"order.shipped\",\"data\":{\"x\":1}}");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.errorField()).isEqualTo("data.order_id");
    assertThat(other.api().post("/api/v1/events", event).errorField()).isEqualTo("type");

    String subscribe = "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"order.shipped\"]}";
    assertThat(shop.api().post("/api/v1/endpoints", subscribe).status()).isEqualTo(201);
    assertThat(other.api().post("/api/v1/endpoints", subscribe).errorField())
        .isEqualTo("event_types[0]");
  }

  private static JsonNode find(JsonNode types, String name) {
    for (JsonNode type : types) {
      if (type.path("name").asString().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
