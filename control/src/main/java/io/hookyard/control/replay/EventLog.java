package io.hookyard.control.replay;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.event.EventTypes;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.routing.Routing;
import io.hookyard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code hookyard.events} read back by time, for replays and backfills. Blocking (offsets from an
 * admin client, records from a consumer of its own per call, assigned, in no group): call it on a
 * thread that may block.
 *
 * <p>Offsets by time come from the broker's time index ({@code offsetsForTimes}: the first record
 * at or after a time, by the records' publish time); what is still held comes from each partition's
 * log start. Records are read {@code read_committed}, as routing reads them.
 */
final class EventLog implements AutoCloseable {
  private static final String TOPIC = Topics.EVENTS.name();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration STALL = Duration.ofSeconds(30);

  private final KafkaConnection kafka;
  private final Duration retention;
  private final Clock clock;
  private final Deserializer<CloudEvent> events = Topics.EVENTS.valueSerde().deserializer();
  private final Admin admin;

  EventLog(KafkaConnection kafka, Duration retention, Clock clock) {
    this.kafka = kafka;
    this.admin = Admin.create(kafka.admin());
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * How far back events are held: the topic's retention, and the earliest time from which every
   * partition still has all its events — now minus the retention, or later where Kafka already
   * deleted events published after that (the publish time of the first record a partition kept).
   */
  record Window(Duration retention, Instant earliestAvailable) {
    /**
     * The retention in ISO-8601, in days when it is whole days ({@code P7D}, not {@code PT168H}).
     */
    String retentionText() {
      long days = retention.toDays();
      return days > 0 && retention.equals(Duration.ofDays(days))
          ? "P" + days + "D"
          : retention.toString();
    }
  }

  Window window() {
    Instant earliest = clock.instant().minus(retention);
    List<TopicPartition> partitions = partitions();
    Map<TopicPartition, Long> begin = offsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
    List<TopicPartition> trimmed =
        partitions.stream().filter(p -> begin.get(p) > 0 && begin.get(p) < end.get(p)).toList();
    if (trimmed.isEmpty()) {
      return new Window(retention, earliest);
    }
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.assign(trimmed);
      trimmed.forEach(p -> consumer.seek(p, begin.get(p)));
      Map<TopicPartition, Long> first = new HashMap<>();
      for (int i = 0; i < 25 && first.size() < trimmed.size(); i++) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          first.putIfAbsent(
              new TopicPartition(record.topic(), record.partition()), record.timestamp());
        }
        // a partition whose remaining offsets hold transaction markers only has no first record
        trimmed.stream()
            .filter(p -> !first.containsKey(p) && consumer.position(p) >= end.get(p))
            .forEach(p -> first.put(p, Long.MIN_VALUE));
      }
      for (long at : first.values()) {
        if (at != Long.MIN_VALUE && Instant.ofEpochMilli(at).isAfter(earliest)) {
          earliest = Instant.ofEpochMilli(at);
        }
      }
    }
    return new Window(retention, earliest);
  }

  /**
   * The offsets of events published in {@code [since, until)} on each partition; {@code until} null
   * means up to what the topic holds now.
   */
  Positions range(Instant since, Instant until) {
    List<TopicPartition> partitions = partitions();
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> from =
        offsets(partitions, OffsetSpec.forTimestamp(since.toEpochMilli()));
    Map<TopicPartition, Long> to =
        until == null ? end : offsets(partitions, OffsetSpec.forTimestamp(until.toEpochMilli()));
    Map<Integer, Positions.Span> spans = new HashMap<>();
    for (TopicPartition p : partitions) {
      // no record at or after the time: -1
      long last = to.get(p) < 0 ? end.get(p) : Math.min(to.get(p), end.get(p));
      long first = from.get(p) < 0 ? last : Math.min(from.get(p), last);
      spans.put(p.partition(), new Positions.Span(first, last));
    }
    return new Positions(spans);
  }

  /** What to send: the endpoint's current subscription, narrowed to {@code types} when given. */
  record Selection(EndpointConfig endpoint, List<String> types, Instant since, Instant until) {
    boolean wants(EventEnvelope event, Instant published) {
      return !published.isBefore(since)
          && (until == null || published.isBefore(until))
          && (types == null || types.stream().anyMatch(t -> EventTypes.matches(t, event.type())));
    }
  }

  /** What one read found: the deliveries, and where the partition's next read starts. */
  record Read(List<Delivery> deliveries, long next) {}

  /**
   * Up to {@code limit} deliveries for the selection's endpoint, read from {@code partition} at
   * {@code next} until {@code end}: built by {@link Routing}, as live routing builds them.
   */
  Read read(int partition, Positions.Span span, Selection selection, int limit) {
    List<Delivery> found = new java.util.ArrayList<>();
    long next = scan(partition, span, selection, limit, found::add);
    return new Read(List.copyOf(found), next);
  }

  /** How many events in {@code positions} the selection's endpoint gets. */
  long count(Positions positions, Selection selection) {
    long[] n = {0};
    positions
        .partitions()
        .forEach((p, span) -> scan(p, span, selection, Long.MAX_VALUE, d -> n[0]++));
    return n[0];
  }

  private long scan(
      int partition, Positions.Span span, Selection selection, long limit, Consumer<Delivery> out) {
    if (span.done()) {
      return span.next();
    }
    Routing routing = new Routing();
    TopicPartition tp = new TopicPartition(TOPIC, partition);
    long next = span.next();
    long taken = 0;
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, next);
      Instant stalledSince = clock.instant();
      while (next < span.end() && taken < limit) {
        var records = consumer.poll(POLL).records(tp);
        for (ConsumerRecord<String, byte[]> record : records) {
          if (record.offset() >= span.end() || taken >= limit) {
            break;
          }
          next = record.offset() + 1;
          Delivery delivery = delivery(record, selection, routing);
          if (delivery != null) {
            out.accept(delivery);
            taken++;
          }
        }
        if (records.isEmpty()) {
          // transaction markers and deleted records take offsets no record has
          next = Math.max(next, consumer.position(tp));
          if (Duration.between(stalledSince, clock.instant()).compareTo(STALL) > 0) {
            throw new IllegalStateException(
                "no records from " + tp + " at " + next + " for " + STALL);
          }
        } else {
          stalledSince = clock.instant();
        }
      }
    }
    return Math.min(next, span.end());
  }

  private Delivery delivery(
      ConsumerRecord<String, byte[]> record, Selection selection, Routing routing) {
    EventEnvelope event;
    try {
      CloudEvent cloudEvent = events.deserialize(TOPIC, record.headers(), record.value());
      Object tenant = cloudEvent.getExtension(EventEnvelope.TENANT_EXTENSION);
      if (tenant == null || !tenant.toString().equals(selection.endpoint().tenantId().value())) {
        return null;
      }
      event = EventEnvelope.from(cloudEvent);
    } catch (RuntimeException e) {
      return null; // not a catalog event: routing skipped it too
    }
    if (!selection.wants(event, Instant.ofEpochMilli(record.timestamp()))) {
      return null;
    }
    return routing.route(event, selection.endpoint()) instanceof Routing.Deliver deliver
        ? deliver.delivery()
        : null;
  }

  private List<TopicPartition> partitions() {
    return get(admin.describeTopics(List.of(TOPIC)).allTopicNames())
        .get(TOPIC)
        .partitions()
        .stream()
        .map(info -> new TopicPartition(TOPIC, info.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /** Offsets by {@code spec}, as a {@code read_committed} reader sees them; -1 where none. */
  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    get(admin.listOffsets(query, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
        .forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }

  private static <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka cannot tell hookyard.events' offsets", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not tell hookyard.events' offsets in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> props = kafka.admin();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hookyard-control-replay");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
