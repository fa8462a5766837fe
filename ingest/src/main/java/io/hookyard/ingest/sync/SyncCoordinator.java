package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.Poller;
import io.hookyard.ingest.vendor.Pollers;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.view.ConfigView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Decides which syncs this instance runs, starts them when due, and commits their pages.
 *
 * <p>Which instance runs a sync follows Kafka's group assignment ({@code hookyard-ingest-syncs}) of
 * the partitions of {@code hookyard.syncs.positions}, keyed by sync id: a new instance takes a
 * share, a dead one's syncs move to the others within the session timeout, and a sync never runs in
 * two places. The partitions are never read through the group: on assignment the sync positions and
 * record versions of those partitions are loaded from the start ({@link PartitionLoader}) and the
 * partitions paused; the membership is there for the assignment and for fencing.
 *
 * <p>One thread does all Kafka work: it polls (for the group), schedules, and commits every pending
 * page in one transaction together with the group's offsets — so an instance the group has moved on
 * from cannot commit a page any more ({@code sendOffsetsToTransaction} with the consumer's group
 * metadata fences it).
 */
final class SyncCoordinator implements SmartLifecycle, PageCommits {
  private static final Logger log = LoggerFactory.getLogger(SyncCoordinator.class);
  static final String GROUP = "hookyard-ingest-syncs";

  private final KafkaConnection kafka;
  private final ConfigView view;
  private final Pollers pollers;
  private final SyncRunner runner;
  private final VendorCallsFactory calls;
  private final SyncSettings settings;
  private final SyncMetrics metrics;
  private final String transactionalId;
  private final Clock clock;

  private final PageCommitter pages = new PageCommitter();
  private final Map<SyncId, SyncState> owned = new ConcurrentHashMap<>();
  private final Map<SyncId, Disposable> running = new ConcurrentHashMap<>();
  private final Set<Integer> ownedPartitions = ConcurrentHashMap.newKeySet();
  private volatile int partitions = Topics.SYNC_POSITIONS.partitions();
  private volatile boolean stopping;
  private volatile Thread thread;
  private KafkaConsumer<String, byte[]> consumer;

  SyncCoordinator(
      KafkaConnection kafka,
      ConfigView view,
      Pollers pollers,
      VendorCallsFactory calls,
      SyncSettings settings,
      SyncMetrics metrics,
      String transactionalId,
      Clock clock) {
    this.kafka = kafka;
    this.view = view;
    this.pollers = pollers;
    this.runner = new SyncRunner(this, settings, metrics, clock); // it commits through us
    this.calls = calls;
    this.settings = settings;
    this.metrics = metrics;
    this.transactionalId = transactionalId;
    this.clock = clock;
    metrics.owned(
        () ->
            view.syncs().stream()
                .filter(s -> ownedPartitions.contains(partitionOf(s.id())))
                .count());
  }

  @Override
  public Mono<Void> commit(SyncId sync, List<ProducerRecord<String, byte[]>> records) {
    return pages.commit(sync, records);
  }

  @Override
  public int partitionOf(SyncId sync) {
    return Utils.toPositive(
            Utils.murmur2(sync.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        % partitions;
  }

  @Override
  public void start() {
    stopping = false;
    Thread t = new Thread(this::loop, "hookyard-sync-coordinator");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Runs the coordinator until stopped, starting it again after a Kafka failure. */
  private void loop() {
    while (!stopping) {
      try {
        coordinate();
      } catch (RuntimeException e) {
        if (!stopping) {
          log.error("sync coordinator failed, starting again: {}", e.getClass().getSimpleName(), e);
          pause();
        }
      } finally {
        running.values().forEach(Disposable::dispose);
        running.clear();
        owned.clear();
        ownedPartitions.clear();
        pages.failAll(new IllegalStateException("the sync coordinator stopped"));
        pages.attach(null);
        consumer = null;
      }
    }
  }

  private void coordinate() {
    try (KafkaConsumer<String, byte[]> c =
            new KafkaConsumer<>(SyncKafka.groupConsumer(kafka, settings));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(SyncKafka.transactionalProducer(kafka, transactionalId))) {
      consumer = c;
      producer.initTransactions();
      partitions = c.partitionsFor(Topics.SYNC_POSITIONS.name()).size();
      c.subscribe(
          List.of(Topics.SYNC_POSITIONS.name()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              assigned(partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              released(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              released(partitions);
            }
          });
      pages.attach(c);
      while (!stopping) {
        try {
          c.poll(java.time.Duration.ofMillis(pages.idle() ? 100 : 0));
        } catch (WakeupException e) {
          // a page is waiting to be committed
        }
        pages.drain(producer, c);
        schedule();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000); // this coordinator's own thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void schedule() {
    if (!settings.enabled()) {
      return;
    }
    Instant now = clock.instant();
    Collection<SyncConfig> syncs = view.syncs();
    Set<SyncId> present = new HashSet<>();
    for (SyncConfig sync : syncs) {
      present.add(sync.id());
      if (running.size() >= settings.maxConcurrentRuns()
          || running.containsKey(sync.id())
          || sync.paused()
          || !ownedPartitions.contains(partitionOf(sync.id()))) {
        continue;
      }
      Poller poller = pollers.find(sync.vendor()).orElse(null);
      ConnectionConfig connection = view.connection(sync.connectionId()).orElse(null);
      boolean enabled =
          view.tenant(sync.tenantId()).map(t -> t.integrationEnabled(sync.vendor())).orElse(true);
      if (poller == null || connection == null || connection.needsAuthorization() || !enabled) {
        log.debug(
            "sync {} waits: poller {}, connection {}, enabled {}",
            sync.id(),
            poller,
            connection,
            enabled);
        continue;
      }
      SyncState state = owned.computeIfAbsent(sync.id(), SyncState::new);
      if (RunPlan.due(sync, state.position(), now)) {
        start(sync, connection, poller, state);
      }
    }
    running.keySet().stream()
        .filter(id -> !present.contains(id))
        .toList()
        .forEach(id -> stop(id)); // deleted while running
  }

  private void start(SyncConfig sync, ConnectionConfig connection, Poller poller, SyncState state) {
    RunCounters counters = new RunCounters(metrics);
    reactor.core.Disposable.Swap slot = reactor.core.Disposables.swap();
    running.put(sync.id(), slot);
    slot.update(
        runner
            .run(
                sync,
                connection,
                poller,
                calls.create(connection, poller, counters),
                counters,
                state)
            .doFinally(s -> running.remove(sync.id(), slot))
            .subscribe(
                v -> {},
                e ->
                    log.warn(
                        "sync {} could not record the end of its run: {}",
                        sync.id(),
                        e.getClass().getSimpleName())));
  }

  private void stop(SyncId id) {
    Disposable run = running.remove(id);
    if (run != null) {
      run.dispose();
    }
  }

  /**
   * Loads newly assigned partitions' syncs, pausing them: they are never read through the group.
   */
  private void assigned(Collection<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    consumer.pause(assigned);
    Set<Integer> numbers = numbers(assigned);
    new PartitionLoader(kafka).load(numbers, owned);
    ownedPartitions.addAll(numbers);
    log.info("runs the syncs of positions partitions {}", numbers);
  }

  /** Stops the syncs of partitions that went to another instance and fails their waiting pages. */
  private void released(Collection<TopicPartition> gone) {
    Set<Integer> numbers = numbers(gone);
    ownedPartitions.removeAll(numbers);
    for (SyncId id : new ArrayList<>(owned.keySet())) {
      if (numbers.contains(partitionOf(id))) {
        stop(id);
        owned.remove(id);
        metrics.forget(id.value());
      }
    }
    pages.failWhere(
        sync -> numbers.contains(partitionOf(sync)),
        new IllegalStateException("the sync moved to another instance"));
  }

  private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
    Set<Integer> numbers = new HashSet<>();
    partitions.forEach(tp -> numbers.add(tp.partition()));
    return numbers;
  }

  @Override
  public void stop() {
    stopping = true;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /** Stops after the web server (phase 0 by default), before Kafka-dependent beans close. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
