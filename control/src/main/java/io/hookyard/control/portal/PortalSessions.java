package io.hookyard.control.portal;

import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Portal sessions and the tenants' portal settings in PostgreSQL. */
final class PortalSessions {
  private final DatabaseClient db;

  PortalSessions(DatabaseClient db) {
    this.db = db;
  }

  Mono<Void> create(PortalSession session) {
    var insert =
        db.sql(
                "insert into portal_sessions (id, tenant_id, key_id, endpoint_ids, expires_at)"
                    + " values (:id, :tenant, :key, :endpoints, :expires)")
            .bind("id", session.id())
            .bind("tenant", session.tenant().value())
            .bind("key", session.keyId().value())
            .bind("expires", OffsetDateTime.ofInstant(session.expiresAt(), ZoneOffset.UTC));
    insert =
        session.endpointIds() == null
            ? insert.bindNull("endpoints", String[].class)
            : insert.bind("endpoints", session.endpointIds().toArray(String[]::new));
    return insert.then();
  }

  /** The session, while it lasts. */
  Mono<PortalSession> find(String id, Instant now) {
    return db.sql(
            "select id, tenant_id, key_id, endpoint_ids, expires_at from portal_sessions"
                + " where id = :id and expires_at > :now")
        .bind("id", id)
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .map(
            row -> {
              String[] endpoints = row.get("endpoint_ids", String[].class);
              return new PortalSession(
                  row.get("id", String.class),
                  new TenantId(row.get("tenant_id", String.class)),
                  new ApiKeyId(row.get("key_id", String.class)),
                  endpoints == null ? null : Set.of(endpoints),
                  row.get("expires_at", OffsetDateTime.class).toInstant());
            })
        .one();
  }

  /** Adds an endpoint made through a scoped session to that session's endpoints. */
  Mono<Void> addEndpoint(String sessionId, String endpointId) {
    return db.sql(
            "update portal_sessions set endpoint_ids = array_append(endpoint_ids, :endpoint)"
                + " where id = :id and endpoint_ids is not null")
        .bind("id", sessionId)
        .bind("endpoint", endpointId)
        .then();
  }

  /** The ids among {@code ids} that are endpoints of the tenant. */
  Mono<Set<String>> knownEndpoints(TenantId tenant, List<String> ids) {
    return db.sql("select id from endpoints where tenant_id = :tenant and id = any(:ids)")
        .bind("tenant", tenant.value())
        .bind("ids", ids.toArray(String[]::new))
        .map(row -> row.get("id", String.class))
        .all()
        .collect(Collectors.toSet());
  }

  /** The endpoint a dead letter of the tenant belongs to. */
  Mono<String> deadLetterEndpoint(TenantId tenant, String deadLetterId) {
    return db.sql("select endpoint_id from dead_letters where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", deadLetterId)
        .map(row -> row.get("endpoint_id", String.class))
        .one();
  }

  /** The origins that may frame the tenant's portal; empty: only Hookyard's own. */
  Mono<List<String>> origins(TenantId tenant) {
    return db.sql("select origins from portal_settings where tenant_id = :tenant")
        .bind("tenant", tenant.value())
        .map(row -> List.of(row.get("origins", String[].class)))
        .one()
        .defaultIfEmpty(List.of());
  }

  Mono<Void> setOrigins(TenantId tenant, List<String> origins) {
    return db.sql(
            "insert into portal_settings (tenant_id, origins) values (:tenant, :origins)"
                + " on conflict (tenant_id) do update set origins = :origins, updated_at = now()")
        .bind("tenant", tenant.value())
        .bind("origins", origins.toArray(String[]::new))
        .then();
  }

  /** The tenant of a session, expired or not: the portal page's frame-ancestors need it. */
  Mono<TenantId> tenantOf(String sessionId) {
    return db.sql("select tenant_id from portal_sessions where id = :id")
        .bind("id", sessionId)
        .map(row -> new TenantId(row.get("tenant_id", String.class)))
        .one();
  }
}
