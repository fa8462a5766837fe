package io.hookyard.control.audit;

import io.hookyard.http.auth.Principal;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.id.TenantId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records configuration changes. Callers compose {@link #record} into the change's own transaction,
 * so the log holds exactly the changes that happened. Entries name the acting key's id (never the
 * key) or {@code operator}.
 */
@Component
public final class AuditLog {
  private final DatabaseClient db;

  AuditLog(DatabaseClient db) {
    this.db = db;
  }

  /**
   * @param action what happened, {@code <entity>.<verb>}: {@code endpoint.created}, {@code
   *     api_key.revoked}
   */
  public Mono<Void> record(Principal actor, TenantId tenant, String action, String targetId) {
    return db.sql(
            "insert into audit_log (id, tenant_id, actor, action, target_id)"
                + " values (:id, :tenant, :actor, :action, :target)")
        .bind("id", Ids.next("aud"))
        .bind("tenant", tenant.value())
        .bind("actor", actorOf(actor))
        .bind("action", action)
        .bind("target", targetId)
        .then();
  }

  static String actorOf(Principal principal) {
    return principal instanceof Principal.Tenant tenant ? tenant.keyId().value() : "operator";
  }
}
