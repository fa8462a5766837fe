package io.hookyard.app.support;

import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.sync.SyncRun;
import io.hookyard.schemas.topic.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reports sync runs on {@code hookyard.syncs.runs} the way the ingest role's engine does: a start
 * record and an end record with the same run id, keyed by the sync id.
 */
public final class SyncRunTopic implements AutoCloseable {
  private final KafkaProducer<String, SyncRun> producer;
  private final SyncId sync;
  private final TenantId tenant;
  private final ConnectionId connection;

  public SyncRunTopic(String bootstrap, String tenant, String connection, String sync) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer =
        new KafkaProducer<>(
            props,
            Topics.SYNC_RUNS.keySerde().serializer(),
            Topics.SYNC_RUNS.valueSerde().serializer());
    this.sync = new SyncId(sync);
    this.tenant = new TenantId(tenant);
    this.connection = new ConnectionId(connection);
  }

  /**
   * One whole run: started at {@code startedAt}, ended a second later with {@code status}; emits
   * the run id.
   *
   * @param syncStatus the sync's status the engine reports after the run
   */
  public String run(
      Instant startedAt, String status, long records, String error, String syncStatus) {
    String id = Ids.next(SyncRun.PREFIX);
    send(start(id, startedAt));
    send(end(id, startedAt, status, records, error, syncStatus));
    return id;
  }

  /** The start record of a run. */
  public SyncRun start(String id, Instant startedAt) {
    return new SyncRun(
        id,
        sync,
        tenant,
        connection,
        "incremental",
        SyncRun.RUNNING,
        startedAt,
        null,
        0,
        0,
        null,
        SyncRun.RUNNING,
        null);
  }

  /** The end record of a run, as the engine would send it (again, after a crash). */
  public SyncRun end(
      String id, Instant startedAt, String status, long records, String error, String syncStatus) {
    return new SyncRun(
        id,
        sync,
        tenant,
        connection,
        "incremental",
        status,
        startedAt,
        startedAt.plusSeconds(1),
        records,
        records / 10 + 1,
        error,
        syncStatus,
        startedAt.plusSeconds(60));
  }

  public void send(SyncRun run) {
    try {
      producer.send(new ProducerRecord<>(Topics.SYNC_RUNS.name(), sync.value(), run)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
