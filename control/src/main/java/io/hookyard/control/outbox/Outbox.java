package io.hookyard.control.outbox;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.json.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Records a config change in the same PostgreSQL transaction as the change itself. The {@link
 * OutboxRelay} then publishes it to {@code hookyard.config}, so the database and the data plane
 * never disagree for longer than the relay's lag, and a crash between the two loses nothing.
 */
public final class Outbox {
  private final DatabaseClient db;

  public Outbox(DatabaseClient db) {
    this.db = db;
  }

  /** Appends {@code record}; emits its sequence number. */
  public Mono<Long> put(ConfigRecord record) {
    return db.sql(
            "insert into config_outbox (record_key, record) values (:key, :record) returning seq")
        .bind("key", record.key())
        .bind("record", io.r2dbc.postgresql.codec.Json.of(Json.writeString(record)))
        .map(row -> row.get("seq", Long.class))
        .one();
  }

  /** Appends a tombstone for {@code key}; emits its sequence number. */
  public Mono<Long> remove(String key) {
    return db.sql(
            "insert into config_outbox (record_key, record) values (:key, null) returning seq")
        .bind("key", key)
        .map(row -> row.get("seq", Long.class))
        .one();
  }
}
