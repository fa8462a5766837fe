package io.hookyard.schemas.view;

import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.ApiKeyConfig;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.config.EventTypeConfig;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.config.SyncConfig;
import io.hookyard.schemas.config.TenantConfig;
import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.SourceId;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.loop.FailureReason;
import io.hookyard.schemas.loop.Loop;
import io.hookyard.schemas.loop.Supervised;
import io.hookyard.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * An in-memory view of the compacted {@code hookyard.config} topic, read from the beginning by a
 * group-less consumer on its own thread. Ingest resolves API keys, tenant settings and tenants' own
 * event types, and dispatch resolves endpoints from it, so neither queries PostgreSQL per request.
 *
 * <p>{@link #catchUp(Duration)} gives read-your-writes: it completes once the view has read
 * everything the topic held when it was called, which callers use before treating an unknown key or
 * endpoint as absent.
 *
 * <p>The reader is a supervised {@link Loop} ({@code configView} in health): when it fails it is
 * DOWN with the reason and a new consumer takes over after a backoff, from the positions the view
 * had reached. A record that does not read as configuration is skipped, logged by its position.
 */
public final class ConfigView implements AutoCloseable, Supervised {
  private static final Logger log = LoggerFactory.getLogger(ConfigView.class);

  private final Map<String, Object> props;
  private final Map<String, ConfigRecord> byKey = new ConcurrentHashMap<>();
  private final Map<EndpointId, EndpointConfig> endpoints = new ConcurrentHashMap<>();
  private final Map<String, ApiKeyConfig> apiKeys = new ConcurrentHashMap<>();
  private final Map<SourceId, SourceConfig> sources = new ConcurrentHashMap<>();
  private final Map<TenantId, TenantConfig> tenants = new ConcurrentHashMap<>();
  private final Map<String, EventType> tenantTypes = new ConcurrentHashMap<>();
  private final Map<ConnectionId, ConnectionConfig> connections = new ConcurrentHashMap<>();
  private final Map<SyncId, SyncConfig> syncs = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, ConfigRecord>> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting =
      new ConcurrentLinkedQueue<>();

  /** Where the view stands on each partition, so a restarted consumer goes on from there. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

  private final Loop loop = new Loop("configView");
  private final ExecutorService thread;
  private volatile KafkaConsumer<String, ConfigRecord> consumer;
  private volatile Disposable running;
  private volatile boolean closing;

  public ConfigView(KafkaConnection kafka, String clientId) {
    // follows the topic for the process's life: a waiting fetch is answered as soon as a change
    // arrives, so the longer wait only makes an idle instance ask less often
    this.props = kafka.follower("unused", clientId);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.thread = Loop.thread(clientId);
  }

  /**
   * Starts reading on a thread of its own. The reader is {@linkplain Loop#supervise supervised}: a
   * failure (the broker gone past the client's timeouts, say) marks it DOWN and starts a new
   * consumer after a backoff, from where the view stands.
   */
  public ConfigView start() {
    running =
        loop.supervise(Loop.blocking(this::readUntilClosed, thread))
            .subscribe(v -> {}, e -> log.debug("config view stopped: {}", e.toString()));
    return this;
  }

  @Override
  public List<Loop> loops() {
    return List.of(loop);
  }

  public Optional<EndpointConfig> endpoint(EndpointId id) {
    return Optional.ofNullable(endpoints.get(id));
  }

  public Optional<SourceConfig> source(SourceId id) {
    return Optional.ofNullable(sources.get(id));
  }

  public Optional<ApiKeyConfig> apiKeyByHash(String keyHash) {
    return Optional.ofNullable(apiKeys.get(keyHash));
  }

  public Optional<TenantConfig> tenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  public Optional<ConnectionConfig> connection(ConnectionId id) {
    return Optional.ofNullable(connections.get(id));
  }

  public Optional<SyncConfig> sync(SyncId id) {
    return Optional.ofNullable(syncs.get(id));
  }

  /** Every sync there is, in no particular order. */
  public Collection<SyncConfig> syncs() {
    return List.copyOf(syncs.values());
  }

  /**
   * Calls {@code listener} on the view's thread after each record is applied, with the record key
   * and the new value (null for a tombstone). Listeners must be quick and must not block.
   */
  public void listen(BiConsumer<String, ConfigRecord> listener) {
    listeners.add(listener);
  }

  /** One of the tenant's own event types (built-in types are in the {@link EventCatalog}). */
  public Optional<EventType> eventType(TenantId tenant, String name) {
    return Optional.ofNullable(tenantTypes.get(ConfigRecord.keyOf(tenant, name)));
  }

  /** Completes once everything on the topic at call time has been read into the view. */
  public CompletableFuture<Void> catchUp(Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiting.add(done);
    return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void readUntilClosed() {
    List<CompletableFuture<Void>> batch = List.of();
    try (KafkaConsumer<String, ConfigRecord> reader =
        new KafkaConsumer<>(
            props,
            Topics.CONFIG.keySerde().deserializer(),
            Topics.CONFIG.valueSerde().deserializer())) {
      consumer = reader;
      if (closing) {
        return;
      }
      List<TopicPartition> partitions = partitions(reader);
      reader.assign(partitions);
      for (TopicPartition partition : partitions) {
        Long position = positions.get(partition);
        if (position == null) {
          reader.seekToBeginning(List.of(partition));
        } else {
          reader.seek(partition, position);
        }
      }
      while (!closing) {
        batch = drainWaiting();
        Map<TopicPartition, Long> target =
            batch.isEmpty() ? Map.of() : reader.endOffsets(partitions);
        do {
          poll(reader);
          loop.working();
        } while (!closing && !reached(reader, target));
        batch.forEach(f -> f.complete(null));
        batch = List.of();
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      consumer = null;
      waiting.addAll(batch); // still waiting: the restarted reader completes them
    }
  }

  /**
   * One poll, applied. A record that does not read as configuration cannot be applied by any
   * restart either: it is skipped, logged by position and never by content.
   */
  private void poll(KafkaConsumer<String, ConfigRecord> reader) {
    ConsumerRecords<String, ConfigRecord> records;
    try {
      records = reader.poll(Duration.ofMillis(100));
    } catch (RecordDeserializationException e) {
      log.warn(
          "skipping an unreadable config record at {} offset {}: {}",
          e.topicPartition(),
          e.offset(),
          FailureReason.of(e.getCause() == null ? e : e.getCause()));
      reader.seek(e.topicPartition(), e.offset() + 1);
      positions.put(e.topicPartition(), e.offset() + 1);
      return;
    }
    for (ConsumerRecord<String, ConfigRecord> record : records) {
      apply(record.key(), record.value());
      positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, ConfigRecord> reader) {
    List<TopicPartition> partitions = new ArrayList<>();
    while (!closing && partitions.isEmpty()) {
      reader.partitionsFor(Topics.CONFIG.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .forEach(partitions::add);
      if (partitions.isEmpty()) {
        sleepQuietly(); // the topic is created at start-up; this is a dedicated thread
      }
    }
    return partitions;
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean reached(
      KafkaConsumer<String, ConfigRecord> reader, Map<TopicPartition, Long> target) {
    return target.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
  }

  private List<CompletableFuture<Void>> drainWaiting() {
    List<CompletableFuture<Void>> batch = new ArrayList<>();
    for (CompletableFuture<Void> f; (f = waiting.poll()) != null; ) {
      batch.add(f);
    }
    return batch;
  }

  void apply(String key, ConfigRecord value) {
    ConfigRecord previous = value == null ? byKey.remove(key) : byKey.put(key, value);
    if (previous instanceof EndpointConfig endpoint) {
      endpoints.remove(endpoint.id());
    } else if (previous instanceof ApiKeyConfig apiKey) {
      apiKeys.remove(apiKey.keyHash());
    } else if (previous instanceof SourceConfig source) {
      sources.remove(source.id());
    } else if (previous instanceof TenantConfig tenant) {
      tenants.remove(tenant.tenantId());
    } else if (previous instanceof EventTypeConfig) {
      tenantTypes.remove(key);
    } else if (previous instanceof ConnectionConfig connection) {
      connections.remove(connection.id());
    } else if (previous instanceof SyncConfig sync) {
      syncs.remove(sync.id());
    }
    if (value instanceof EndpointConfig endpoint) {
      endpoints.put(endpoint.id(), endpoint);
    } else if (value instanceof ApiKeyConfig apiKey) {
      apiKeys.put(apiKey.keyHash(), apiKey);
    } else if (value instanceof SourceConfig source) {
      sources.put(source.id(), source);
    } else if (value instanceof TenantConfig tenant) {
      tenants.put(tenant.tenantId(), tenant);
    } else if (value instanceof EventTypeConfig type) {
      putType(key, type);
    } else if (value instanceof ConnectionConfig connection) {
      connections.put(connection.id(), connection);
    } else if (value instanceof SyncConfig sync) {
      syncs.put(sync.id(), sync);
    }
    for (BiConsumer<String, ConfigRecord> listener : listeners) {
      try {
        listener.accept(key, value);
      } catch (RuntimeException e) {
        log.warn("config listener failed on {}: {}", key, e.getClass().getSimpleName());
      }
    }
  }

  private void putType(String key, EventTypeConfig type) {
    try {
      tenantTypes.put(
          key,
          EventCatalog.tenantType(
              type.name(), type.description(), Json.writeString(type.schema())));
    } catch (RuntimeException e) {
      log.warn(
          "skipping event type {} of {}: its schema does not load", type.name(), type.tenantId());
    }
  }

  @Override
  public void close() {
    closing = true;
    loop.stop();
    Disposable current = running;
    if (current != null) {
      current.dispose();
    }
    KafkaConsumer<String, ConfigRecord> reader = consumer;
    if (reader != null) {
      reader.wakeup();
    }
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
