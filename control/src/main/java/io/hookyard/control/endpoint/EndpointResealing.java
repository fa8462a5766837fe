package io.hookyard.control.endpoint;

import io.hookyard.control.encryption.Resealable;
import io.hookyard.control.encryption.Resealed;
import io.hookyard.control.encryption.StoredIds;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reseals endpoints: the signing secret, the previous one while it still signs, and the header
 * values, each endpoint in its own transaction with its row locked and its outbox row.
 *
 * <p>At start-up it also seals the header values that endpoints written before they were sealed
 * still hold in clear (the JSON {@code headers} of the stored config), so no plaintext stays in
 * PostgreSQL, and the outbox carries the sealed record to {@code hookyard.config}, where it
 * replaces the one in clear (which compaction then removes).
 */
@Component
final class EndpointResealing implements Resealable {
  private static final Logger log = LoggerFactory.getLogger(EndpointResealing.class);
  private static final String PLAIN_HEADERS =
      "coalesce(config->'headers', '{}'::jsonb) <> '{}'::jsonb";

  private final DatabaseClient db;
  private final EndpointStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final SecretBox box;

  EndpointResealing(
      DatabaseClient db,
      EndpointStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      SecretBox box) {
    this.db = db;
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.box = box;
  }

  @Override
  public String kind() {
    return "endpoints";
  }

  @Override
  public Flux<Resealed> reseal(SecretBox box) {
    return reseal(box, "true");
  }

  /** Seals the header values still in clear; runs once the application is up. */
  @EventListener(ApplicationReadyEvent.class)
  void sealPlainHeaders() {
    reseal(box, PLAIN_HEADERS)
        .collectList()
        .flatMap(
            outcomes -> {
              long sealed =
                  outcomes.stream().filter(r -> r.status() == Resealed.Status.RESEALED).count();
              outcomes.stream()
                  .filter(r -> r.status() == Resealed.Status.FAILED)
                  .forEach(
                      r ->
                          log.warn(
                              "endpoint {}: header values in clear not sealed ({})",
                              r.id(),
                              r.reason()));
              if (sealed > 0) {
                log.info("sealed the header values of {} endpoints stored in clear", sealed);
              }
              long last = outcomes.stream().mapToLong(Resealed::outboxSeq).max().orElse(0);
              return last == 0 ? Mono.empty() : relay.awaitPublished(last, Duration.ofSeconds(30));
            })
        .subscribe(
            ignored -> {},
            e ->
                log.warn(
                    "sealing endpoint header values in clear failed; tried again at the next start"
                        + " ({})",
                    e.toString()));
  }

  private Flux<Resealed> reseal(SecretBox box, String condition) {
    return StoredIds.of(db, "endpoints", condition)
        .concatMap(key -> one(box, key.tenantId(), key.id()));
  }

  private Mono<Resealed> one(SecretBox box, String tenant, String id) {
    return store
        .findForUpdate(new TenantId(tenant), id)
        .flatMap(
            current -> {
              EndpointConfig next;
              try {
                next = current.config().resealed(box, Instant.now());
              } catch (IllegalArgumentException e) {
                return Mono.just(Resealed.failed(tenant, id, e.getMessage()));
              }
              if (next == current.config()) {
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
