package io.hookyard.control.endpoint;

import io.hookyard.control.audit.AuditLog;
import io.hookyard.control.outbox.Outbox;
import io.hookyard.control.outbox.OutboxRelay;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/endpoints/{id}/secret/rotate}: a new signing secret, shown this once. The one
 * it replaces keeps signing too until the overlap ({@link
 * EndpointSettings#secretRotationOverlap()}) ends, so every webhook meanwhile carries both
 * signatures; rotating again within the overlap retires the older one at once. Both stay sealed, in
 * PostgreSQL and on {@code hookyard.config}. Written with its outbox row and audit entry in one
 * transaction, like every endpoint change; the answer waits until this process's config view has
 * the change, so in one process (embedded mode) the next webhook already carries both signatures.
 */
@Component
final class SecretRotation {
  private static final Duration PROPAGATION = Duration.ofSeconds(5);

  private final EndpointStore store;
  private final TransactionalOperator tx;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final SecretBox secrets;
  private final AuditLog audit;
  private final Duration overlap;

  SecretRotation(
      EndpointStore store,
      TransactionalOperator tx,
      Outbox outbox,
      OutboxRelay relay,
      SecretBox secrets,
      AuditLog audit,
      EndpointSettings settings) {
    this.store = store;
    this.tx = tx;
    this.outbox = outbox;
    this.relay = relay;
    this.secrets = secrets;
    this.audit = audit;
    this.overlap = settings.secretRotationOverlap();
  }

  /**
   * The answer: the new secret, and until when the previous one still signs.
   *
   * @param previousSecretExpiresAt from then on, only {@code secret} signs
   */
  record Rotated(String secret, Instant previousSecretExpiresAt) {
    @Override
    public String toString() {
      return "Rotated[secret=hidden, previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
    }
  }

  Mono<Rotated> rotate(Principal principal, String id) {
    TenantId tenant = principal.requireTenant();
    return Mono.defer(
        () -> {
          String secret = EndpointChanges.newSecret();
          Instant now = Instant.now();
          Instant overlapEnds = now.plus(overlap);
          return store
              .findForUpdate(tenant, id)
              .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)))
              .flatMap(
                  current -> {
                    EndpointConfig next =
                        current.config().rotatedTo(secrets.seal(secret), overlapEnds);
                    return store
                        .update(next, current.description(), now)
                        .then(audit.record(principal, tenant, "endpoint.secret_rotated", id))
                        .then(outbox.put(next));
                  })
              .as(tx::transactional)
              .flatMap(seq -> relay.awaitVisible(seq, PROPAGATION))
              .thenReturn(new Rotated(secret, overlapEnds));
        });
  }
}
