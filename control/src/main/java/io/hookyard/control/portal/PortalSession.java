package io.hookyard.control.portal;

import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import java.time.Instant;
import java.util.Set;

/**
 * The server-side half of a portal link: whose it is, which key made it, the endpoints it may see
 * ({@code null}: all of the tenant's) and when it ends.
 */
record PortalSession(
    String id, TenantId tenant, ApiKeyId keyId, Set<String> endpointIds, Instant expiresAt) {

  boolean covers(String endpointId) {
    return endpointIds == null || endpointIds.contains(endpointId);
  }
}
