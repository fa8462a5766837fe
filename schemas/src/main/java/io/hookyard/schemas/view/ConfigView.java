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
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory view of the compacted {@code hookyard.config} topic, read from the beginning by a
 * group-less consumer on its own thread. Ingest resolves API keys, tenant settings and tenants' own
 * event types, and dispatch resolves endpoints from it, so neither queries PostgreSQL per request.
 *
 * <p>{@link #catchUp(Duration)} gives read-your-writes: it completes once the view has read
 * everything the topic held when it was called, which callers use before treating an unknown key or
 * endpoint as absent.
 */
public final class ConfigView implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigView.class);

  private final KafkaConsumer<String, ConfigRecord> consumer;
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
  private final Thread thread;
  private volatile boolean running = true;

  public ConfigView(KafkaConnection kafka, String clientId) {
    Map<String, Object> props = kafka.consumer("unused", clientId);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(
            props,
            Topics.CONFIG.keySerde().deserializer(),
            Topics.CONFIG.valueSerde().deserializer());
    this.thread = new Thread(this::run, clientId);
    this.thread.setDaemon(true);
  }

  public ConfigView start() {
    thread.start();
    return this;
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

  private void run() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        List<CompletableFuture<Void>> batch = drainWaiting();
        Map<TopicPartition, Long> target =
            batch.isEmpty() ? Map.of() : consumer.endOffsets(partitions);
        do {
          for (ConsumerRecord<String, ConfigRecord> record :
              consumer.poll(Duration.ofMillis(100))) {
            apply(record.key(), record.value());
          }
        } while (running && !reached(target));
        batch.forEach(f -> f.complete(null));
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("config view stopped: {}", e.toString());
      waiting.forEach(f -> f.completeExceptionally(e));
    } finally {
      consumer.close();
    }
  }

  private List<TopicPartition> partitions() {
    List<TopicPartition> partitions = new ArrayList<>();
    while (running && partitions.isEmpty()) {
      consumer.partitionsFor(Topics.CONFIG.name(), Duration.ofSeconds(30)).stream()
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

  private boolean reached(Map<TopicPartition, Long> target) {
    return target.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
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
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
