package io.hookyard.streams.inbound;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.Stores;

/**
 * Inbound: {@code hookyard.inbound.raw} → deduplicate → normalize → tenant field mapping → {@code
 * hookyard.events}.
 *
 * <p>Guarantees: exactly-once (v2). Input is keyed {@code tenant/source/vendor event id}; a key
 * seen within the dedup window (default 7 days) is dropped, so a vendor's redelivery is routed
 * once. Output is keyed {@code tenant/subject}. Records that cannot be read or mapped go to {@code
 * hookyard.streams.dead} with the error in headers, and the topology keeps running. Late records
 * are deduplicated against what the window still holds. Tenant field mappings and the event types
 * tenants registered (which a Standard Webhooks event's {@code type} may name) come from a global
 * store over the compacted {@code hookyard.config} topic; an event is mapped with what the store
 * holds when it is processed.
 */
public final class InboundTopology {
  static final String DEDUP_STORE = "hookyard.inbound.dedup";
  static final String MAPPING_STORE = "hookyard.inbound.mappings";

  /** Vendor redeliveries dropped since start, for metrics. */
  public static final LongAdder DUPLICATES = new LongAdder();

  private InboundTopology() {}

  public static Topology build(Properties config, Duration window, EventCatalog catalog) {
    List<VendorMapper> mappers =
        List.of(
            new SyncChangeMapper(
                Map.of(
                    "hubspot",
                    HubSpotMapper.SYNC,
                    MsGraphMapper.VENDOR,
                    MsGraphMapper.SYNC,
                    Dynamics365Mapper.VENDOR,
                    Dynamics365Mapper.SYNC,
                    ExactOnlineMapper.VENDOR,
                    ExactOnlineMapper.SYNC,
                    SalesforceMapper.VENDOR,
                    SalesforceMapper.SYNC,
                    PipedriveMapper.VENDOR,
                    PipedriveMapper.SYNC,
                    SapODataMapper.VENDOR,
                    SapODataMapper.SYNC)),
            new StandardWebhooksMapper(catalog),
            new StripeMapper(),
            new HubSpotMapper(),
            new ShopifyMapper(),
            new GitHubMapper(),
            new PipedriveMapper(),
            new Dynamics365Mapper(),
            new SalesforceMapper(),
            new ExactOnlineMapper(),
            new ZendeskMapper(),
            new JiraMapper(),
            new SlackMapper(),
            new MsGraphMapper());
    Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config)));
    topology.addSource(
        "inbound.source",
        Topics.INBOUND_RAW.keySerde().deserializer(),
        Topics.INBOUND_RAW.valueSerde().deserializer(),
        Topics.INBOUND_RAW.name());
    topology.addProcessor("inbound.dedup", () -> new Deduplicator(window), "inbound.source");
    topology.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(DEDUP_STORE, window, window, false),
            Serdes.String(),
            Serdes.Long()),
        "inbound.dedup");
    topology.addProcessor("inbound.normalize", () -> new Normalizer(mappers), "inbound.dedup");
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MAPPING_STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        "inbound.config.source",
        Topics.CONFIG.keySerde().deserializer(),
        Topics.CONFIG.valueSerde().deserializer(),
        Topics.CONFIG.name(),
        "inbound.mapping-index",
        MappingIndex::new);
    topology.addProcessor(
        "inbound.field-mapping", () -> new FieldMapping(catalog), "inbound.normalize");
    topology.addSink(
        "inbound.events.sink",
        Topics.EVENTS.name(),
        Topics.EVENTS.keySerde().serializer(),
        Topics.EVENTS.valueSerde().serializer(),
        "inbound.field-mapping");
    return topology;
  }
}
