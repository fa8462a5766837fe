package io.hookyard.schemas.topic;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.JsonSerde;
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

  private Topics() {}

  public static List<Topic<?, ?>> all() {
    return List.of(INBOUND_RAW, EVENTS, DELIVERIES, ATTEMPTS, CONFIG, STREAMS_DEAD);
  }

  private static Serde<CloudEvent> cloudEventSerde() {
    return Serdes.serdeFrom(new CloudEventSerializer(), new CloudEventDeserializer());
  }
}
