package io.hookyard.schemas.config;

import io.hookyard.schemas.id.ConnectionId;
import io.hookyard.schemas.id.TenantId;
import java.util.Objects;

/**
 * A data-plane caller's request for fresh tokens on {@code hookyard.connections.refresh}, keyed by
 * connection id. One consumer owns each partition, so refreshes of one connection run one at a time
 * across all instances (Exact Online's refresh tokens are single-use). The refresher skips a
 * request whose {@code seenRevision} is older than the connection's current revision: someone
 * else's refresh already answered it. The new tokens reach every caller through {@code
 * hookyard.config}.
 *
 * @param seenRevision the {@code ConnectionConfig.revision} whose token expired or was refused
 * @param reason {@code expired} or {@code refused} (the vendor answered 401)
 */
public record TokenRefreshRequest(
    ConnectionId connectionId, TenantId tenantId, long seenRevision, String reason) {
  public TokenRefreshRequest {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(reason, "reason");
  }
}
