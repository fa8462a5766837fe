package io.hookyard.app.observability;

import io.hookyard.schemas.topic.DelayTier;
import io.hookyard.schemas.topic.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far Hookyard's consumers are behind, computed the way {@code kafka-consumer-groups.sh
 * --describe} does: for every consumer group whose name starts with {@code hookyard}, the committed
 * offset of each partition against its end (last stable offset, as the {@code read_committed}
 * readers see it). Computed for the whole cluster, not just for this instance's partitions, so a
 * partition nobody consumes any more shows too; every instance reports the same numbers, so
 * dashboards take the {@code max}. Refreshed in the background every {@code interval}, never on a
 * scrape.
 *
 * <ul>
 *   <li>{@code hookyard_kafka_consumer_lag{group,topic}}: records not yet consumed.
 *   <li>{@code hookyard_dispatch_delay_tier_depth{tier}}: deliveries waiting in each delay tier
 *       (the lag of the tier's own group on its topic).
 *   <li>{@code hookyard_dead_letters_total}: deliveries ever dead-lettered, the end offsets of
 *       {@code hookyard.deliveries.dead} (it survives restarts, unlike the dispatcher's own
 *       counter).
 * </ul>
 */
final class ConsumerLag implements MeterBinder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
  private static final String GROUP_PREFIX = "hookyard";
  private static final String TIER_GROUP_PREFIX = "hookyard-dispatch-retry-";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final Duration interval;
  private final ScheduledExecutorService refresher;
  private final AtomicLong deadLetters = new AtomicLong();
  private final Map<DelayTier, AtomicLong> tierDepths = new HashMap<>();
  private MultiGauge lag;

  ConsumerLag(Map<String, Object> adminProps, Duration interval) {
    Map<String, Object> props = new HashMap<>(adminProps);
    props.put("client.id", "hookyard-consumer-lag");
    props.put("request.timeout.ms", (int) CALL_TIMEOUT.toMillis());
    props.put("default.api.timeout.ms", (int) CALL_TIMEOUT.toMillis());
    this.admin = Admin.create(props);
    this.interval = interval;
    for (DelayTier tier : Topics.DELAY_TIERS) {
      tierDepths.put(tier, new AtomicLong());
    }
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hookyard-consumer-lag");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    lag =
        MultiGauge.builder("hookyard.kafka.consumer.lag")
            .description("Records not yet consumed, per consumer group and topic (whole cluster)")
            .baseUnit("records")
            .register(registry);
    tierDepths.forEach(
        (tier, depth) ->
            io.micrometer.core.instrument.Gauge.builder(
                    "hookyard.dispatch.delay.tier.depth", depth, AtomicLong::get)
                .description("Deliveries waiting in a delay tier (retries and parked deliveries)")
                .tag("tier", tier.name())
                .register(registry));
    FunctionCounter.builder("hookyard.dead.letters", deadLetters, AtomicLong::get)
        .description("Deliveries dead-lettered since the dead-letter topic began (whole cluster)")
        .register(registry);
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (Exception e) {
      // the numbers stay as they were; Kafka being away shows in health and in other metrics
      log.debug("consumer lag not refreshed ({})", e.getClass().getSimpleName());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void refresh() throws Exception {
    List<String> groups = new ArrayList<>();
    for (GroupListing group : admin.listGroups().all().get()) {
      if (group.groupId().startsWith(GROUP_PREFIX)) {
        groups.add(group.groupId());
      }
    }
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    for (String group : groups) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      committed.put(group, offsets);
      offsets.keySet().forEach(partition -> wanted.put(partition, OffsetSpec.latest()));
    }
    String deadTopic = Topics.DEAD_LETTERS.name();
    for (org.apache.kafka.common.TopicPartitionInfo info :
        admin
            .describeTopics(List.of(deadTopic))
            .allTopicNames()
            .get()
            .get(deadTopic)
            .partitions()) {
      wanted.put(new TopicPartition(deadTopic, info.partition()), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));

    Map<List<String>, Long> byGroupAndTopic = new HashMap<>();
    committed.forEach(
        (group, offsets) ->
            offsets.forEach(
                (partition, offset) -> {
                  Long end = ends.get(partition);
                  if (offset != null && end != null) {
                    byGroupAndTopic.merge(
                        List.of(group, partition.topic()),
                        Math.max(0, end - offset.offset()),
                        Long::sum);
                  }
                }));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    byGroupAndTopic.forEach(
        (key, records) ->
            rows.add(
                MultiGauge.Row.of(Tags.of("group", key.get(0), "topic", key.get(1)), records)));
    lag.register(rows, true);
    tierDepths.forEach(
        (tier, depth) ->
            depth.set(
                byGroupAndTopic.getOrDefault(
                    List.of(TIER_GROUP_PREFIX + tier.name(), tier.topic().name()), 0L)));
    long dead = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (end.getKey().topic().equals(deadTopic)) {
        dead += end.getValue();
      }
    }
    deadLetters.set(dead);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
