package io.hookyard.schemas.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundRecordTest {

  @Test
  void credentialsAndSignaturesNeverTravelWithTheRecord() {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("webhook-id", "msg_1");
    headers.put("webhook-timestamp", "1700000000");
    headers.put("x-github-event", "push");
    headers.put("x-shopify-webhook-id", "wh_1");
    for (String credential :
        new String[] {
          "authorization",
          "Proxy-Authorization",
          "cookie",
          "x-api-key",
          "webhook-signature",
          "svix-signature",
          "stripe-signature",
          "x-hub-signature-256",
          "x-shopify-hmac-sha256",
          "x-hubspot-signature-v3",
          "x-slack-signature",
          "x-twilio-signature",
          "x-zendesk-webhook-signature",
          "x-functions-key",
          "x-auth-token"
        }) {
      headers.put(credential, "secret-value");
    }

    InboundRecord record = record(headers);

    assertThat(record.headers())
        .containsOnlyKeys(
            "content-type",
            "webhook-id",
            "webhook-timestamp",
            "x-github-event",
            "x-shopify-webhook-id");
    InboundRecord read = Json.read(Json.write(record), InboundRecord.class);
    assertThat(read.headers()).isEqualTo(record.headers());
    assertThat(new String(Json.write(record), StandardCharsets.UTF_8))
        .doesNotContain("secret-value");
  }

  private static InboundRecord record(Map<String, String> headers) {
    return new InboundRecord(
        "in_01jd0000000000000000000000",
        new TenantId("ten_01jd0000000000000000000000"),
        new SourceId("src_01jd0000000000000000000000"),
        "standard-webhooks",
        "msg_1",
        null,
        Instant.parse("2026-11-30T12:00:00Z"),
        headers,
        "{}".getBytes(StandardCharsets.UTF_8),
        null);
  }
}
