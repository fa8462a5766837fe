package io.hookyard.control.source;

import io.hookyard.control.encryption.Resealable;
import io.hookyard.control.encryption.Resealed;
import io.hookyard.control.encryption.StoredIds;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.TenantId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reseals sources' secrets, each source in its own transaction with its outbox row. */
@Component
final class SourceResealing implements Resealable {
  private final DatabaseClient db;
  private final SourceStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;

  SourceResealing(DatabaseClient db, SourceStore store, TransactionalOperator tx, Outbox outbox) {
    this.db = db;
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
  }

  @Override
  public String kind() {
    return "sources";
  }

  @Override
  public Flux<Resealed> reseal(SecretBox box) {
    return StoredIds.of(db, "sources", "true").concatMap(key -> one(box, key.tenantId(), key.id()));
  }

  private Mono<Resealed> one(SecretBox box, String tenant, String id) {
    return store
        .findForUpdate(new TenantId(tenant), id)
        .flatMap(
            current -> {
              SourceConfig next;
              try {
                next = current.resealed(box);
              } catch (IllegalArgumentException e) {
                return Mono.just(Resealed.failed(tenant, id, e.getMessage()));
              }
              if (next == current) {
                return Mono.just(Resealed.current(tenant, id));
              }
              return store
                  .updateSealed(next)
                  .then(outbox.put(next))
                  .map(seq -> Resealed.resealed(tenant, id, seq));
            })
        .defaultIfEmpty(Resealed.gone(tenant, id))
        .as(tx::transactional);
  }
}
