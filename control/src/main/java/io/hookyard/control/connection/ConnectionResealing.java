package io.hookyard.control.connection;

import io.hookyard.control.encryption.Resealable;
import io.hookyard.control.encryption.Resealed;
import io.hookyard.control.encryption.StoredIds;
import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.TenantId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reseals connections' credentials and tokens, each connection in its own transaction holding its
 * row lock, as the token refresher does, so a reseal and a refresh never overwrite each other.
 */
@Component
final class ConnectionResealing implements Resealable {
  private final DatabaseClient db;
  private final ConnectionStore store;
  private final TransactionalOperator tx;

  ConnectionResealing(DatabaseClient db, ConnectionStore store, TransactionalOperator tx) {
    this.db = db;
    this.store = store;
    this.tx = tx;
  }

  @Override
  public String kind() {
    return "connections";
  }

  @Override
  public Flux<Resealed> reseal(SecretBox box) {
    return StoredIds.of(db, "connections", "true")
        .concatMap(key -> one(box, key.tenantId(), key.id()));
  }

  private Mono<Resealed> one(SecretBox box, String tenant, String id) {
    return store
        .find(new TenantId(tenant), id, true)
        .flatMap(
            row -> {
              SealedSecret credentials;
              SealedSecret tokens;
              try {
                credentials = box.reseal(row.credentials());
                tokens = row.tokens() == null ? null : box.reseal(row.tokens());
              } catch (IllegalArgumentException e) {
                return Mono.just(Resealed.failed(tenant, id, e.getMessage()));
              }
              if (credentials == row.credentials() && tokens == row.tokens()) {
                return Mono.just(Resealed.current(tenant, id));
              }
              return store
                  .updateSealed(row, credentials, tokens)
                  .map(seq -> Resealed.resealed(tenant, id, seq));
            })
        .defaultIfEmpty(Resealed.gone(tenant, id))
        .as(tx::transactional);
  }
}
