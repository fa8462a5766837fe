package io.hookyard.ingest.webhook.vendor;

import static org.assertj.core.api.Assertions.assertThat;

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
  void knowsNothingOfOtherTypes() {
    assertThat(adapters.forType("paypal")).isEmpty();
    assertThat(adapters.forType(null)).isEmpty();
  }
}
