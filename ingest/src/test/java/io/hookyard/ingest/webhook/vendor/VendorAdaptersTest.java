package io.hookyard.ingest.webhook.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorAdaptersTest {

  final VendorAdapters adapters = VendorAdapters.all();

  @Test
  void servesEveryTypeOfTheContract() {
    assertThat(adapters.types())
        .containsExactlyInAnyOrder(
            "standard-webhooks",
            "hmac",
            "stripe",
            "github",
            "shopify",
            "hubspot",
            "slack",
            "ms-graph",
            "dynamics365",
            "salesforce",
            "pipedrive",
            "exact-online",
            "zendesk",
            "jira",
            "twilio");
    adapters
        .types()
        .forEach(
            type ->
                assertThat(adapters.forType(type))
                    .get()
                    .extracting(VendorAdapter::type)
                    .isEqualTo(type));
  }

  @Test
  void checksJsonBodiesExceptForFormsSoapAndTheGenericHmac() {
    assertThat(adapters.types())
        .filteredOn(type -> adapters.forType(type).get().bodyFormat() != BodyFormat.JSON)
        .containsExactlyInAnyOrder("github", "slack", "twilio", "salesforce", "hmac");
    InboundRequest cutShort =
        new InboundRequest(
            "POST",
            URI.create("https://hooks.example/in/src_1"),
            Map.of("Content-Type", List.of("application/json")),
            "{\"id\":\"evt_1\",\"ty".getBytes(StandardCharsets.UTF_8));
    InboundRequest form =
        new InboundRequest(
            "POST",
            URI.create("https://hooks.example/in/src_1"),
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            "payload=%7B%22a".getBytes(StandardCharsets.UTF_8));
    assertThat(BodyFormat.JSON.accepts(cutShort)).isFalse();
    assertThat(BodyFormat.JSON_OR_FORM.accepts(cutShort)).isFalse();
    assertThat(BodyFormat.JSON_OR_FORM.accepts(form)).isTrue();
    assertThat(BodyFormat.ANY.accepts(cutShort)).isTrue();
  }

  @Test
  void knowsNothingOfOtherTypes() {
    assertThat(adapters.forType("paypal")).isEmpty();
    assertThat(adapters.forType(null)).isEmpty();
  }
}
