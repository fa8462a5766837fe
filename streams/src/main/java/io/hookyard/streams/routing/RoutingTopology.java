package io.hookyard.streams.routing;

import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Tracing;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Routing: {@code hookyard.events} → {@code hookyard.deliveries}.
 *
 * <p>Guarantees: runs exactly-once (v2), so each (event, endpoint) pair is written once even across
 * crashes. Input is keyed {@code tenant/subject}, so events of one subject are routed in order;
 * output is keyed by endpoint id, so one dispatch consumer owns each endpoint. Endpoints come from
 * a global store over the compacted {@code hookyard.config} topic: every instance sees every
 * endpoint, and an event is routed against the endpoints known when it is processed (an endpoint
 * created after an event does not receive it). Records that are not valid catalog events are logged
 * and skipped.
 */
public final class RoutingTopology {
  static final String ENDPOINT_STORE = "hookyard.routing.endpoints";
  static final String SEEN_EVENTS_STORE = "hookyard.routing.seen-events";
  static final Duration EVENT_DEDUP_WINDOW = Duration.ofHours(24);

  private RoutingTopology() {}

  /**
   * Builds the topology under {@code config}, which should set {@code
   * ensure.explicit.internal.resource.naming}: then an unnamed store or internal topic fails here.
   */
  public static Topology build(Properties config) {
    return build(config, Tracing.off());
  }

  /**
   * The topology whose routing spans come from {@code tracing}: one per event, continuing the trace
   * on the event's headers, each delivery carrying it on in its own.
   */
  public static Topology build(Properties config, Tracing tracing) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ENDPOINT_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        Topics.CONFIG.name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("routing.config.source"),
        EndpointIndex::new);
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                SEEN_EVENTS_STORE, EVENT_DEDUP_WINDOW, EVENT_DEDUP_WINDOW, false),
            Serdes.String(),
            Serdes.Long()));
    builder.stream(
            Topics.EVENTS.name(),
            Consumed.with(Topics.EVENTS.keySerde(), Topics.EVENTS.valueSerde())
                .withName("routing.events.source"))
        .process(
            () -> new EventDedup(EVENT_DEDUP_WINDOW), Named.as("routing.dedup"), SEEN_EVENTS_STORE)
        .process(() -> new Router(tracing), Named.as("routing.fan-out"))
        .split(Named.as("routing.outcome-"))
        .branch(
            (endpoint, routed) -> routed instanceof Delivery,
            Branched.withConsumer(
                deliveries ->
                    deliveries
                        .mapValues(routed -> (Delivery) routed, Named.as("routing.as-delivery"))
                        .to(
                            Topics.DELIVERIES.name(),
                            Produced.with(
                                    Topics.DELIVERIES.keySerde(), Topics.DELIVERIES.valueSerde())
                                .withName("routing.deliveries.sink")),
                "delivery"))
        .defaultBranch(
            Branched.withConsumer(
                failures ->
                    failures
                        .mapValues(Json::write, Named.as("routing.failure-as-json"))
                        .to(
                            Topics.STREAMS_DEAD.name(),
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("routing.failures.sink")),
                "failure"));
    return builder.build(config);
  }
}
