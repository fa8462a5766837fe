package io.hookyard.control.endpoint;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.control.replay.Replays;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.EndpointId;
import io.hookyard.schemas.id.TenantId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates, changes and deletes endpoints for the endpoint and REST-hook routes alike. Each change
 * is written with its outbox row and its audit entry in one transaction; the answer then waits
 * briefly for the change to reach the data plane, so an event published right after creating an
 * endpoint is routed to it, and one published after deleting it is not. A {@code backfill_since} on
 * creation records the endpoint's backfill in the same transaction.
 */
@Component
final class EndpointChanges {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EndpointStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final SecretBox secrets;
  private final TargetPolicy targets;
  private final KnownTypes types;
  private final AuditLog audit;
  private final DestinationConnections connections;
  private final Replays replays;

  EndpointChanges(
      EndpointStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      SecretBox secrets,
      TargetPolicy targets,
      KnownTypes types,
      AuditLog audit,
      DestinationConnections connections,
      Replays replays) {
    this.connections = connections;
    this.replays = replays;
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.secrets = secrets;
    this.targets = targets;
    this.types = types;
    this.audit = audit;
  }

  /** Creates the endpoint; the answer carries its signing secret, this once. */
  Mono<EndpointView> create(Principal principal, EndpointRequest request, String urlField) {
    TenantId tenant = principal.requireTenant();
    boolean vendor = request.createsVendorDestination();
    URI parsed = vendor ? null : TargetPolicy.parse(urlField, request.url());
    String secret = newSecret();
    EndpointConfig draft =
        request.create(
            EndpointId.next(), tenant, parsed, secrets.seal(secret), types.of(tenant), secrets);
    String description = request.checkedDescription("");
    Instant now = Instant.now();
    Mono<Optional<Instant>> backfill =
        request.backfillSince() == null
            ? Mono.just(Optional.empty())
            : replays.checkBackfill("backfill_since", request.backfillSince()).map(Optional::of);
    Mono<EndpointConfig> checked =
        vendor
            ? connections.check(tenant, draft).flatMap(this::checkedRequestUrl)
            : targets.check(urlField, parsed).thenReturn(draft);
    return checked
        .then(backfill)
        .flatMap(
            since ->
                store
                    .insert(draft, description, now)
                    .then(audit.record(principal, tenant, "endpoint.created", draft.entityId()))
                    .then(outbox.put(draft))
                    .flatMap(seq -> backfill(principal, draft, since, seq))
                    .as(tx::transactional))
        .flatMap(
            created ->
                relay
                    .awaitPublished(created.seq(), PROPAGATION)
                    .doOnSuccess(v -> replays.kick())
                    .thenReturn(
                        EndpointView.of(draft, description, now, secret)
                            .withBackfill(created.backfillId())));
  }

  private record Created(long seq, String backfillId) {}

  /** The new endpoint's backfill, recorded in its transaction, when it asked for one. */
  private Mono<Created> backfill(
      Principal principal, EndpointConfig endpoint, Optional<Instant> since, long seq) {
    return since.isEmpty()
        ? Mono.just(new Created(seq, null))
        : replays
            .scheduleBackfill(principal, endpoint, since.get(), seq)
            .map(id -> new Created(seq, id));
  }

  /** Changes the fields the request names; the secret stays. */
  Mono<EndpointView> patch(Principal principal, String id, EndpointRequest request) {
    TenantId tenant = principal.requireTenant();
    if (request.backfillSince() != null) {
      throw ApiException.invalidField(
          "backfill_since",
          "only when the endpoint is created; replay an existing one with POST …/replay");
    }
    URI parsed = request.url() == null ? null : TargetPolicy.parse("url", request.url());
    Mono<URI> checked = parsed == null ? Mono.empty() : targets.check("url", parsed);
    return checked
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(
            url ->
                store
                    .findForUpdate(tenant, id)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)))
                    .flatMap(
                        current -> {
                          EndpointConfig next =
                              request.patch(
                                  current.config(), url.orElse(null), types.of(tenant), secrets);
                          String description = request.checkedDescription(current.description());
                          return connections
                              .check(tenant, next)
                              .flatMap(this::checkedRequestUrl)
                              .then(store.update(next, description, Instant.now()))
                              .then(audit.record(principal, tenant, "endpoint.updated", id))
                              .then(outbox.put(next))
                              .map(
                                  seq ->
                                      new Written(
                                          seq,
                                          EndpointView.of(
                                              next, description, current.createdAt(), null)));
                        })
                    .as(tx::transactional))
        .flatMap(w -> relay.awaitPublished(w.seq(), PROPAGATION).thenReturn(w.view()));
  }

  Mono<Void> delete(Principal principal, String id, String what) {
    TenantId tenant = principal.requireTenant();
    return store
        .delete(tenant, id)
        .flatMap(
            deleted ->
                deleted
                    ? audit
                        .record(principal, tenant, "endpoint.deleted", id)
                        .then(outbox.remove(ConfigRecord.keyOf(tenant, id)))
                    : Mono.error(ApiException.notFound(what, id)))
        .as(tx::transactional)
        .flatMap(seq -> relay.awaitPublished(seq, PROPAGATION));
  }

  /**
   * An {@code http} destination's {@code settings.url} gets the same address check as a webhook's
   * URL (its placeholders stand for path or query values, never for the host).
   */
  private Mono<EndpointConfig> checkedRequestUrl(EndpointConfig endpoint) {
    Object url = endpoint.settings().get("url");
    if (!"http".equals(endpoint.type()) || !(url instanceof String template)) {
      return Mono.just(endpoint);
    }
    URI parsed = TargetPolicy.parse("settings.url", template.replaceAll("\\{[^{}]*\\}", "x"));
    return targets.check("settings.url", parsed).thenReturn(endpoint);
  }

  private record Written(long seq, EndpointView view) {}

  /** A Standard Webhooks secret: {@code whsec_} and 24 random bytes, base64. */
  static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
