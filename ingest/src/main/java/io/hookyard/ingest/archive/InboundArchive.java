package io.hookyard.ingest.archive;

import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The raw archive: copies every record of {@code hookyard.inbound.raw} to the blob store, in
 * segments. It runs after Kafka has the record, off the request path, so a vendor's answer never
 * waits for the archive.
 *
 * <p>The guarantee: a request answered 2xx is on {@code hookyard.inbound.raw} with {@code
 * acks=all}; this consumer (group {@code hookyard-ingest-archive}) commits its offsets only after
 * the segments holding those records are stored (fsynced, on the local disk), so no accepted
 * request goes missing from the archive as long as the archive catches up within the topic's
 * retention (a week). It is at least once: a crash between storing and committing writes the same
 * records again, into a segment with the same name when the batch is the same, else a second copy
 * with the same {@code id}.
 *
 * <p>Layout: one segment per poll and tenant/source/day, {@code
 * ten_…/src_…/2026-11-30/p3-o1200.jsonl} (partition and first offset): one line per record, the
 * record's JSON exactly as on the topic (id, vendor, dedup key, receivedAt, headers without
 * secrets, the body in base64, or the blob key of a body too large for Kafka).
 */
final class InboundArchive implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboundArchive.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final int FETCH_MIN_BYTES = 1024 * 1024;
  private static final Duration FETCH_WAIT = Duration.ofMillis(500);

  private final KafkaConsumer<String, byte[]> consumer;
  private final BlobStore blobs;
  private final Thread thread;
  private volatile boolean running = true;

  InboundArchive(KafkaConnection kafka, BlobStore blobs) {
    Map<String, Object> props =
        kafka.consumer("hookyard-ingest-archive", "hookyard-ingest-archive");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // under load, fewer and larger polls: each poll costs a segment per tenant/source/day (an
    // fsync each) and a synchronous offset commit, which at the default (answer as soon as one
    // byte is there) came close to once per request; the archive may lag by up to FETCH_WAIT
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_WAIT.toMillis());
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.blobs = blobs;
    this.thread = new Thread(this::run, "hookyard-ingest-archive");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.INBOUND_RAW.name()));
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          archive(records);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the raw archive stopped: {}", e.toString());
    } finally {
      consumer.close();
    }
  }

  /** Stores the poll's segments, then commits; on failure rewinds to retry the same records. */
  private void archive(ConsumerRecords<String, byte[]> records) {
    try {
      Flux.fromIterable(segments(records).entrySet())
          .flatMap(segment -> blobs.put(segment.getKey(), segment.getValue().toByteArray()))
          .then()
          .block(STORE_TIMEOUT);
      consumer.commitSync(next(records));
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("archive segments not stored, retrying: {}", e.getClass().getSimpleName());
      records.partitions().stream()
          .filter(consumer.assignment()::contains)
          .forEach(p -> consumer.seek(p, records.records(p).get(0).offset()));
      pause();
    }
  }

  static Map<String, ByteArrayOutputStream> segments(ConsumerRecords<String, byte[]> records) {
    Map<String, ByteArrayOutputStream> segments = new LinkedHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      Map<String, String> names = new HashMap<>();
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        if (record.value() == null) {
          continue;
        }
        String folder = folder(record.key(), record.timestamp());
        String name =
            names.computeIfAbsent(
                folder, f -> f + "/p" + partition.partition() + "-o" + record.offset() + ".jsonl");
        ByteArrayOutputStream segment =
            segments.computeIfAbsent(name, n -> new ByteArrayOutputStream());
        segment.writeBytes(record.value());
        segment.write('\n');
      }
    }
    return segments;
  }

  /** {@code tenant/source/day} from the record key {@code tenant/source/dedup key}. */
  static String folder(String key, long timestamp) {
    String day = Instant.ofEpochMilli(timestamp).atZone(ZoneOffset.UTC).toLocalDate().toString();
    String[] parts = key == null ? new String[0] : key.split("/", 3);
    if (parts.length < 3
        || !Ids.isValid(TenantId.PREFIX, parts[0])
        || !Ids.isValid(SourceId.PREFIX, parts[1])) {
      return "unkeyed/" + day;
    }
    return parts[0] + "/" + parts[1] + "/" + day;
  }

  private static Map<TopicPartition, OffsetAndMetadata> next(
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
