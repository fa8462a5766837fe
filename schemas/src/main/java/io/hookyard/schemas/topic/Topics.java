package io.hookyard.schemas.topic;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.BacklogCursor;
import io.hookyard.schemas.delivery.DeadLetter;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.delivery.OrderedHead;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.JsonSerde;
import io.hookyard.schemas.sync.RecordVersion;
import io.hookyard.schemas.sync.SyncPosition;
import io.hookyard.schemas.sync.SyncRun;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic Hookyard uses, declared once. See docs/architecture.md for what flows where. */
public final class Topics {
  private static final Duration WEEK = Duration.ofDays(7);

  /** Verified vendor webhooks, one record per vendor event; key {@code tenant/source/dedup}. */
  public static final Topic<String, InboundRecord> INBOUND_RAW =
      new Topic<>(
          "hookyard.inbound.raw",
          6,
          false,
          WEEK,
          Serdes.String(),
          new JsonSerde<>(InboundRecord.class));

  /** Catalog events as CloudEvents in binary mode; key {@code tenant/subject}. */
  public static final Topic<String, CloudEvent> EVENTS =
      new Topic<>("hookyard.events", 6, false, WEEK, Serdes.String(), cloudEventSerde());

  /** One record per (event, endpoint); key endpoint id, so one consumer owns an endpoint. */
  public static final Topic<String, Delivery> DELIVERIES =
      new Topic<>(
          "hookyard.deliveries", 6, false, WEEK, Serdes.String(), new JsonSerde<>(Delivery.class));

  /** One record per delivery attempt; key endpoint id. Sunk into the attempt log. */
  public static final Topic<String, Attempt> ATTEMPTS =
      new Topic<>(
          "hookyard.attempts", 6, false, WEEK, Serdes.String(), new JsonSerde<>(Attempt.class));

  /** Configuration for the data plane; compacted; key {@code tenant/entity}. */
  public static final Topic<String, ConfigRecord> CONFIG =
      new Topic<>(
          "hookyard.config", 1, true, null, Serdes.String(), new JsonSerde<>(ConfigRecord.class));

  /**
   * The retry ladder, shortest first: {@code hookyard.deliveries.retry.<tier>}, key endpoint id. A
   * retry due at T waits in the longest tier not longer than T − now, then is sent or hops down.
   */
  public static final List<DelayTier> DELAY_TIERS =
      List.of(
          tier("1s", Duration.ofSeconds(1)),
          tier("10s", Duration.ofSeconds(10)),
          tier("1m", Duration.ofMinutes(1)),
          tier("10m", Duration.ofMinutes(10)),
          tier("1h", Duration.ofHours(1)));

  /**
   * Where each failing ordered endpoint's head delivery stands (its try count and next due time),
   * so a restart goes on from there; compacted; key endpoint id, partitioned like deliveries.
   */
  public static final Topic<String, OrderedHead> ORDERED_HEADS =
      new Topic<>(
          "hookyard.deliveries.ordered.heads",
          6,
          true,
          null,
          Serdes.String(),
          new JsonSerde<>(OrderedHead.class));

  /**
   * Deliveries an ordered endpoint held too many of, moved out of {@link #DELIVERIES} in their
   * order so its partition's commits go on; key endpoint id, so one endpoint's backlog is one
   * partition, in order. Each record names where it came from in headers ({@code
   * hookyard-main-partition}, {@code hookyard-main-offset}).
   */
  public static final Topic<String, Delivery> ORDERED_BACKLOG =
      new Topic<>(
          "hookyard.deliveries.ordered.backlog",
          6,
          false,
          Duration.ofDays(30),
          Serdes.String(),
          new JsonSerde<>(Delivery.class));

  /**
   * Whether each ordered endpoint is fed from {@link #ORDERED_BACKLOG}, and from where; compacted;
   * key endpoint id.
   */
  public static final Topic<String, BacklogCursor> ORDERED_CURSORS =
      new Topic<>(
          "hookyard.deliveries.ordered.cursors",
          6,
          true,
          null,
          Serdes.String(),
          new JsonSerde<>(BacklogCursor.class));

  /** Deliveries that ran out of tries, with their last error; key endpoint id. */
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      new Topic<>(
          "hookyard.deliveries.dead",
          6,
          false,
          Duration.ofDays(30),
          Serdes.String(),
          new JsonSerde<>(DeadLetter.class));

  /**
   * Records of {@code hookyard.deliveries} or a delay tier that do not read as a delivery, moved
   * aside by dispatch as they were (key, value and headers), with why in {@link ErrorHeaders}.
   * Nothing consumes it: it keeps them for a person to look at.
   */
  public static final Topic<byte[], byte[]> UNREADABLE_DELIVERIES =
      new Topic<>(
          "hookyard.deliveries.unreadable",
          1,
          false,
          Duration.ofDays(30),
          Serdes.ByteArray(),
          Serdes.ByteArray());

  /**
   * Records Kafka Streams could not read or process, as they were, with the error in headers
   * ({@code __streams.errors.*}); key and value are the original bytes.
   */
  public static final Topic<byte[], byte[]> STREAMS_DEAD =
      new Topic<>(
          "hookyard.streams.dead",
          1,
          false,
          Duration.ofDays(30),
          Serdes.ByteArray(),
          Serdes.ByteArray());

  /** Where each sync stands; compacted; key sync id. Its partitions assign syncs to instances. */
  public static final Topic<String, SyncPosition> SYNC_POSITIONS =
      new Topic<>(
          "hookyard.syncs.positions",
          6,
          true,
          null,
          Serdes.String(),
          new JsonSerde<>(SyncPosition.class));

  /**
   * The version of each record a sync reported; compacted; key {@code sync/record}, partitioned
   * like {@link #SYNC_POSITIONS} by the sync id alone.
   */
  public static final Topic<String, RecordVersion> SYNC_RECORDS =
      new Topic<>(
          "hookyard.syncs.records",
          6,
          true,
          null,
          Serdes.String(),
          new JsonSerde<>(RecordVersion.class));

  /** Sync runs as they start and end; key sync id. Sunk into the run log. */
  public static final Topic<String, SyncRun> SYNC_RUNS =
      new Topic<>(
          "hookyard.syncs.runs", 6, false, WEEK, Serdes.String(), new JsonSerde<>(SyncRun.class));

  /** Requests for fresh vendor tokens; key connection id, so one refresher owns a connection. */
  public static final Topic<String, TokenRefreshRequest> CONNECTION_REFRESH =
      new Topic<>(
          "hookyard.connections.refresh",
          6,
          false,
          Duration.ofDays(1),
          Serdes.String(),
          new JsonSerde<>(TokenRefreshRequest.class));

  private Topics() {}

  public static List<Topic<?, ?>> all() {
    List<Topic<?, ?>> all =
        new java.util.ArrayList<>(
            List.of(
                INBOUND_RAW,
                EVENTS,
                DELIVERIES,
                ATTEMPTS,
                CONFIG,
                STREAMS_DEAD,
                DEAD_LETTERS,
                UNREADABLE_DELIVERIES,
                ORDERED_HEADS,
                ORDERED_BACKLOG,
                ORDERED_CURSORS,
                SYNC_POSITIONS,
                SYNC_RECORDS,
                SYNC_RUNS,
                CONNECTION_REFRESH));
    DELAY_TIERS.forEach(t -> all.add(t.topic()));
    return List.copyOf(all);
  }

  private static DelayTier tier(String name, Duration delay) {
    return new DelayTier(
        name,
        delay,
        new Topic<>(
            "hookyard.deliveries.retry." + name,
            6,
            false,
            WEEK,
            Serdes.String(),
            new JsonSerde<>(Delivery.class)));
  }

  private static Serde<CloudEvent> cloudEventSerde() {
    return Serdes.serdeFrom(new CloudEventSerializer(), new CloudEventDeserializer());
  }
}
