package io.hookyard.dispatch.kafka;

import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.loop.FailureReason;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Tracing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link OrderedBacklog} on Kafka: appends and cursors go through the dispatch producer; the
 * backlog is read with plain consumers (assigned, no group) on the bounded elastic scheduler, one
 * per endpoint fed from its backlog, positioned on that endpoint's partition and skipping other
 * endpoints' records.
 */
final class KafkaOrderedBacklog implements DispatchPublisher.OrderedBacklog {
  static final String MAIN_PARTITION = "hookyard-main-partition";
  static final String MAIN_OFFSET = "hookyard-main-offset";
  private static final Logger log = LoggerFactory.getLogger(KafkaOrderedBacklog.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final String BACKLOG = Topics.ORDERED_BACKLOG.name();

  private final KafkaConnection kafka;
  private final DispatchPublisher publisher;
  private final ConcurrentMap<EndpointId, KafkaConsumer<String, byte[]>> readers =
      new ConcurrentHashMap<>();

  KafkaOrderedBacklog(KafkaConnection kafka, DispatchPublisher publisher) {
    this.kafka = kafka;
    this.publisher = publisher;
  }

  @Override
  public Mono<Map<EndpointId, Standing>> load() {
    return Mono.fromCallable(this::loadNow).subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public Mono<Void> mark(EndpointId endpoint, BacklogCursor cursor) {
    return Mono.defer(
        () -> {
          String topic = Topics.ORDERED_CURSORS.name();
          byte[] value = Topics.ORDERED_CURSORS.valueSerde().serializer().serialize(topic, cursor);
          return publisher.raw(new ProducerRecord<>(topic, endpoint.value(), value));
        });
  }

  @Override
  public Mono<Void> append(List<DeliverySource.Received> deliveries) {
    return Mono.defer(
        () -> {
          Serializer<Delivery> values = Topics.ORDERED_BACKLOG.valueSerde().serializer();
          List<ProducerRecord<String, byte[]>> records = new ArrayList<>(deliveries.size());
          for (DeliverySource.Received received : deliveries) {
            Delivery delivery = received.delivery();
            ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(
                    BACKLOG,
                    null,
                    received.enqueuedAt().toEpochMilli(),
                    delivery.endpointId().value(),
                    values.serialize(BACKLOG, delivery));
            DeliverySource.Position from = received.from();
            record.headers().add(MAIN_PARTITION, bytes(from.partition()));
            record.headers().add(MAIN_OFFSET, bytes(from.offset()));
            Tracing.setTraceparent(record.headers(), delivery.traceparent());
            records.add(record);
          }
          return publisher.raw(records);
        });
  }

  @Override
  public Mono<Batch> read(EndpointId endpoint, long from, int max) {
    return Mono.fromCallable(() -> readNow(endpoint, from, max))
        .subscribeOn(Schedulers.boundedElastic());
  }

  @Override
  public void release(EndpointId endpoint) {
    KafkaConsumer<String, byte[]> reader = readers.remove(endpoint);
    if (reader != null) {
      Schedulers.boundedElastic()
          .schedule(
              () -> {
                synchronized (reader) {
                  reader.close();
                }
              });
    }
  }

  @Override
  public void close() {
    List.copyOf(readers.keySet()).forEach(this::release);
  }

  private Batch readNow(EndpointId endpoint, long from, int max) {
    KafkaConsumer<String, byte[]> reader = readers.computeIfAbsent(endpoint, e -> consumer());
    synchronized (reader) {
      return readNow(reader, endpoint, from, max);
    }
  }

  private Batch readNow(
      KafkaConsumer<String, byte[]> reader, EndpointId endpoint, long from, int max) {
    TopicPartition partition = partitionOf(reader, endpoint);
    if (reader.assignment().isEmpty()) {
      reader.assign(List.of(partition));
    }
    reader.seek(partition, from);
    long end = reader.endOffsets(List.of(partition)).get(partition);
    Deserializer<Delivery> values = Topics.ORDERED_BACKLOG.valueSerde().deserializer();
    List<DeliverySource.Received> read = new ArrayList<>();
    long next = from;
    while (read.size() < max && reader.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        if (read.size() >= max) {
          break;
        }
        next = record.offset() + 1;
        if (!endpoint.value().equals(record.key())) {
          continue;
        }
        Delivery delivery = delivery(record, values);
        if (delivery != null) {
          read.add(
              new DeliverySource.Received(
                  delivery,
                  Instant.ofEpochMilli(record.timestamp()),
                  () -> {},
                  new DeliverySource.Position(BACKLOG, record.partition(), record.offset())));
        }
      }
      if (read.size() < max) {
        next = Math.max(next, reader.position(partition));
      }
    }
    return new Batch(read, next);
  }

  private Map<EndpointId, Standing> loadNow() {
    Map<EndpointId, BacklogCursor> cursors = readCursors();
    Map<EndpointId, Standing> loaded = new HashMap<>();
    try (KafkaConsumer<String, byte[]> reader = consumer()) {
      for (Map.Entry<EndpointId, BacklogCursor> e : cursors.entrySet()) {
        BacklogCursor cursor = e.getValue();
        if (!cursor.overflow()) {
          loaded.put(e.getKey(), new Standing(cursor, 0));
          continue;
        }
        loaded.put(e.getKey(), scan(reader, e.getKey(), cursor));
      }
    }
    return loaded;
  }

  /** Reads an endpoint's backlog from its cursor to the end: how much and up to where. */
  private Standing scan(KafkaConsumer<String, byte[]> reader, EndpointId id, BacklogCursor cursor) {
    TopicPartition partition = partitionOf(reader, id);
    reader.assign(List.of(partition));
    reader.seek(partition, cursor.cursor());
    long end = reader.endOffsets(List.of(partition)).get(partition);
    Map<Integer, Long> appended = new HashMap<>(cursor.appended());
    long unread = 0;
    while (reader.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        if (!id.value().equals(record.key())) {
          continue;
        }
        unread++;
        Header p = record.headers().lastHeader(MAIN_PARTITION);
        Header o = record.headers().lastHeader(MAIN_OFFSET);
        if (p != null && o != null) {
          appended.merge(number(p).intValue(), number(o), Math::max);
        }
      }
    }
    return new Standing(new BacklogCursor(true, cursor.cursor(), appended), unread);
  }

  private Map<EndpointId, BacklogCursor> readCursors() {
    try (KafkaConsumer<String, byte[]> reader = consumer()) {
      return EndpointTable.read(
          reader,
          Topics.ORDERED_CURSORS.name(),
          Topics.ORDERED_CURSORS.valueSerde().deserializer(),
          log);
    }
  }

  private static Delivery delivery(
      ConsumerRecord<String, byte[]> record, Deserializer<Delivery> values) {
    try {
      Delivery delivery = values.deserialize(record.topic(), record.headers(), record.value());
      String traceparent = Tracing.traceparent(record.headers());
      return traceparent == null ? delivery : delivery.withTraceparent(traceparent);
    } catch (RuntimeException e) {
      // we wrote it; a record that does not read back cannot be delivered in its place either
      log.warn(
          "skipped an unreadable backlog record at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          FailureReason.of(e));
      return null;
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> props = kafka.admin();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookyard-dispatch-ordered-backlog");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The backlog partition the producer's default partitioner puts {@code id}'s records on. */
  private static TopicPartition partitionOf(KafkaConsumer<String, byte[]> reader, EndpointId id) {
    int partitions = reader.partitionsFor(BACKLOG).size();
    byte[] key = id.value().getBytes(StandardCharsets.UTF_8);
    return new TopicPartition(BACKLOG, Utils.toPositive(Utils.murmur2(key)) % partitions);
  }

  private static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.UTF_8);
  }

  private static Long number(Header header) {
    return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
  }
}
