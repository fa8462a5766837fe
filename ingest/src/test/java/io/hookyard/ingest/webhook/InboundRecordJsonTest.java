package io.hookyard.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class InboundRecordJsonTest {
  private static final Serde<InboundRecord> SERDE = Topics.INBOUND_RAW.valueSerde();

  @Test
  void writesTheSerdesBytesForARecordWithItsBody() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", "msg_1");
    headers.put("x-quote", "\"quoted\", é, \u2028 and \\ too");
    InboundRecord record =
        new InboundRecord(
            "in_01jd0000000000000000000001",
            new TenantId("ten_01jd0000000000000000000000"),
            new SourceId("src_01jd0000000000000000000000"),
            "standard-webhooks",
            "msg_1",
            "invoice.paid",
            Instant.parse("2026-11-30T12:00:00.120Z"),
            headers,
            "{\"type\":\"invoice.paid\",\"n\":\"ünïcode\"}\n\u0000\u00ff"
                .getBytes(StandardCharsets.UTF_8),
            null);

    assertSameAsSerde(record);
  }

  @Test
  void writesTheSerdesBytesForAClaimCheckWithoutEventType() {
    InboundRecord record =
        new InboundRecord(
            "in_01jd0000000000000000000002",
            new TenantId("ten_01jd0000000000000000000000"),
            new SourceId("src_01jd0000000000000000000000"),
            "hubspot",
            "sha256:00ff",
            null,
            Instant.parse("2026-11-30T23:59:59Z"),
            Map.of(),
            null,
            "ten_01jd0000000000000000000000/src_01jd0000000000000000000000/2026-11-30/in_2.body");

    assertSameAsSerde(record);
  }

  private static void assertSameAsSerde(InboundRecord record) {
    byte[] written = InboundRecordJson.write(record);

    assertThat(new String(written, StandardCharsets.UTF_8))
        .isEqualTo(new String(SERDE.serializer().serialize("t", record), StandardCharsets.UTF_8));
    InboundRecord read = SERDE.deserializer().deserialize("t", written);
    assertThat(read.headers()).isEqualTo(record.headers());
    assertThat(read.body()).isEqualTo(record.body());
    assertThat(read.key()).isEqualTo(record.key());
  }
}
