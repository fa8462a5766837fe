package io.hookyard.ingest.archive;

import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import io.hookyard.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.Disposable;
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
final class InboundArchive implements AutoCloseable, Supervised {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
  private static final int FETCH_MIN_BYTES = 1024 * 1024;
  private static final Duration FETCH_WAIT = Duration.ofMillis(500);

  private final Map<String, Object> props;
  private final BlobStore blobs;
  private final Loop loop;
  private final ExecutorService thread = Loop.thread("hookyard-ingest-archive");
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Disposable running;
  private volatile boolean closing;

  InboundArchive(KafkaConnection kafka, BlobStore blobs) {
    this(kafka, blobs, new Loop("rawArchive"));
  }

  InboundArchive(KafkaConnection kafka, BlobStore blobs, Loop loop) {
    this.props = kafka.consumer("hookyard-ingest-archive", "hookyard-ingest-archive");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // under load, fewer and larger polls: each poll costs a segment per tenant/source/day (an
    // fsync each) and a synchronous offset commit, which at the default (answer as soon as one
    // byte is there) came close to once per request; the archive may lag by up to FETCH_WAIT
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_WAIT.toMillis());
    this.blobs = blobs;
    this.loop = loop;
  }

  /**
   * Starts archiving on a thread of its own, {@linkplain Loop#supervise supervised}: when the blob
   * store refuses a segment or the consumer fails, the archive is DOWN with the reason, and a new
   * consumer starts after a backoff from the group's last commit, so the same records are stored
   * again.
   */
  void start() {
    running =
        loop.supervise(Loop.blocking(this::archiveUntilClosed, thread)).subscribe(v -> {}, e -> {});
  }

  @Override
  public List<Loop> loops() {
    return List.of(loop);
  }

  private void archiveUntilClosed() {
    try (KafkaConsumer<String, byte[]> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = reader;
      if (closing) {
        return;
      }
      reader.subscribe(List.of(Topics.INBOUND_RAW.name()));
      while (!closing) {
        ConsumerRecords<String, byte[]> records = reader.poll(POLL);
        if (!records.isEmpty()) {
          archive(reader, records);
        }
        loop.working();
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      consumer = null;
    }
  }

  /** Stores the poll's segments, then commits; a failure fails the loop, which starts over. */
  private void archive(
      KafkaConsumer<String, byte[]> reader, ConsumerRecords<String, byte[]> records) {
    Flux.fromIterable(segments(records).entrySet())
        .flatMap(segment -> blobs.put(segment.getKey(), segment.getValue().toByteArray()))
        .then()
        .block(STORE_TIMEOUT);
    reader.commitSync(next(records));
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

  @Override
  public void close() {
    closing = true;
    loop.stop();
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    KafkaConsumer<String, byte[]> reader = consumer;
    if (reader != null) {
      reader.wakeup();
    }
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
