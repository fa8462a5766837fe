package io.hookyard.control.encryption;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Walks the ids of one table across all tenants, in pages on its primary key. */
public final class StoredIds {
  private static final int PAGE = 500;

  /** One row's tenant and id. */
  public record Key(String tenantId, String id) {}

  private StoredIds() {}

  /**
   * Every {@code (tenant_id, id)} of {@code table} where {@code condition} holds, in id order.
   *
   * @param table and {@code condition} are constants of the caller, never input
   */
  public static Flux<Key> of(DatabaseClient db, String table, String condition) {
    return page(db, table, condition, "")
        .expand(keys -> keys.size() < PAGE ? Mono.empty() : page(db, table, condition, last(keys)))
        .flatMapIterable(keys -> keys);
  }

  private static Mono<java.util.List<Key>> page(
      DatabaseClient db, String table, String condition, String after) {
    return db.sql(
            "select tenant_id, id from "
                + table
                + " where id > :after and ("
                + condition
                + ") order by id limit "
                + PAGE)
        .bind("after", after)
        .map(row -> new Key(row.get("tenant_id", String.class), row.get("id", String.class)))
        .all()
        .collectList();
  }

  private static String last(java.util.List<Key> keys) {
    return keys.get(keys.size() - 1).id();
  }
}
