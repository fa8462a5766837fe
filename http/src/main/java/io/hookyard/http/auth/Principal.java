package io.hookyard.http.auth;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.id.ApiKeyId;
import io.hookyard.schemas.id.TenantId;
import org.springframework.web.server.ServerWebExchange;

/** Who is calling: the operator, or one tenant through one of its API keys. */
public sealed interface Principal {

  /** The caller authenticated for this exchange, or null on a route without authentication. */
  static Principal of(ServerWebExchange exchange) {
    return exchange.getAttribute(ApiKeyAuthFilter.ATTRIBUTE);
  }

  /** The tenant this caller acts for; 403 for the operator, who manages tenants only. */
  TenantId requireTenant();

  /** Passes for the operator; 403 for tenant keys. */
  void requireOperator();

  /** The operator key: manages tenants. */
  record Operator() implements Principal {
    @Override
    public TenantId requireTenant() {
      throw ApiException.forbidden("this route acts for a tenant: use the tenant's API key");
    }

    @Override
    public void requireOperator() {}
  }

  /** A tenant API key: sees only its own tenant. */
  record Tenant(TenantId tenantId, ApiKeyId keyId) implements Principal {
    @Override
    public TenantId requireTenant() {
      return tenantId;
    }

    @Override
    public void requireOperator() {
      throw ApiException.forbidden("this route needs the operator key");
    }
  }
}
