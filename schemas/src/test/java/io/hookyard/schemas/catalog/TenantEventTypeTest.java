package io.hookyard.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantEventTypeTest {
  private static final String SHIPPED =
      """
      {"type": "object",
       "properties": {"order_id": {"type": "string"}, "carrier": {"type": "string"}},
       "required": ["order_id"],
       "examples": [{"order_id": "o_1", "carrier": "DHL"}]}
      """;

  @Test
  void aValidSchemaPassesAndValidatesData() {
    assertThat(EventCatalog.checkSchema(SHIPPED)).isEmpty();
    EventType type = EventCatalog.tenantType("order.shipped", "An order left", SHIPPED);
    assertThat(type.description()).isEqualTo("An order left");
    assertThat(type.exampleJson()).contains("o_1");
    assertThat(type.validate("{\"order_id\": \"o_2\"}")).isEmpty();
    assertThat(type.validate("{\"carrier\": \"UPS\"}"))
        .extracting(EventType.Violation::field)
        .containsExactly("data.order_id");
  }

  @Test
  void schemasThatBreakTheMetaSchemaAreNamed() {
    assertThat(EventCatalog.checkSchema("{\"type\": 12}")).isNotEmpty();
    assertThat(EventCatalog.checkSchema("{\"properties\": {\"a\": {\"minLength\": \"x\"}}}"))
        .extracting(EventType.Violation::field)
        .allMatch(f -> f.startsWith("schema"));
    assertThat(EventCatalog.checkSchema("[1]"))
        .extracting(EventType.Violation::field)
        .containsExactly("schema");
    assertThat(EventCatalog.checkSchema("{\"type\": \"string\"}"))
        .extracting(EventType.Violation::field)
        .containsExactly("schema.type");
  }

  @Test
  void anExampleThatBreaksTheSchemaIsRefused() {
    String broken = "{\"type\":\"object\",\"required\":[\"a\"],\"examples\":[{\"b\":1}]}";
    assertThatThrownBy(() -> EventCatalog.tenantType("x.y", "", broken))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
