package io.hookyard.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class InboundArchiveTest {
  private static final String TOPIC = "hookyard.inbound.raw";
  private static final long NOV_30 = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();
  private static final long DEC_1 = Instant.parse("2026-12-01T00:00:01Z").toEpochMilli();

  @Test
  void onePollBecomesOneSegmentPerPartitionSourceAndDayWithOneRecordALine() {
    TopicPartition p0 = new TopicPartition(TOPIC, 0);
    TopicPartition p3 = new TopicPartition(TOPIC, 3);
    ConsumerRecords<String, byte[]> poll =
        new ConsumerRecords<>(
            Map.of(
                p0,
                List.of(
                    record(0, 10, NOV_30, "ten_a/src_b/msg_1", "{\"id\":\"in_1\"}"),
                    record(0, 11, NOV_30, "ten_a/src_c/msg_2", "{\"id\":\"in_2\"}"),
                    record(0, 12, NOV_30, "ten_a/src_b/msg_3", "{\"id\":\"in_3\"}"),
                    record(0, 13, DEC_1, "ten_a/src_b/msg_4", "{\"id\":\"in_4\"}")),
                p3,
                List.of(record(3, 7, NOV_30, "ten_a/src_b/a/b/c", "{\"id\":\"in_5\"}"))),
            Map.of());

    Map<String, String> segments = text(InboundArchive.segments(poll));

    assertThat(segments)
        .containsOnly(
            Map.entry(
                "ten_a/src_b/2026-11-30/p0-o10.jsonl", "{\"id\":\"in_1\"}\n{\"id\":\"in_3\"}\n"),
            Map.entry("ten_a/src_c/2026-11-30/p0-o11.jsonl", "{\"id\":\"in_2\"}\n"),
            Map.entry("ten_a/src_b/2026-12-01/p0-o13.jsonl", "{\"id\":\"in_4\"}\n"),
            Map.entry("ten_a/src_b/2026-11-30/p3-o7.jsonl", "{\"id\":\"in_5\"}\n"));
    segments.keySet().forEach(BlobStore::requireKey);
  }

  @Test
  void aKeyThatNamesNoTenantAndSourceStillLandsInTheArchive() {
    assertThat(InboundArchive.folder("../../etc/msg_1", NOV_30)).isEqualTo("unkeyed/2026-11-30");
    assertThat(InboundArchive.folder(null, NOV_30)).isEqualTo("unkeyed/2026-11-30");
    assertThat(InboundArchive.folder("ten_a/src_b", NOV_30)).isEqualTo("unkeyed/2026-11-30");
  }

  private static ConsumerRecord<String, byte[]> record(
      int partition, long offset, long timestamp, String key, String value) {
    return new ConsumerRecord<>(
        TOPIC,
        partition,
        offset,
        timestamp,
        TimestampType.CREATE_TIME,
        key.length(),
        value.length(),
        key,
        value.getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }

  private static Map<String, String> text(Map<String, ByteArrayOutputStream> segments) {
    return segments.entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().toString(StandardCharsets.UTF_8)));
  }
}
