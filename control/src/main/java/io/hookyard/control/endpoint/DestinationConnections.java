package io.hookyard.control.endpoint;

import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.id.TenantId;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks the connection a vendor destination names: it must be the tenant's own (another tenant's,
 * or none, is 404 like any foreign id) and of the destination's vendor (else 422 {@code
 * connection_id}). Reads only the connection's vendor, never its credentials.
 */
@Component
final class DestinationConnections {
  private final DatabaseClient db;

  DestinationConnections(DatabaseClient db) {
    this.db = db;
  }

  /** {@code endpoint} once its connection checks out; a webhook endpoint as it is. */
  Mono<EndpointConfig> check(TenantId tenant, EndpointConfig endpoint) {
    if (!endpoint.isVendorDestination()) {
      return Mono.just(endpoint);
    }
    String id = endpoint.connectionId().value();
    return db.sql("select vendor from connections where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(row -> row.get("vendor", String.class))
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("connection", id)))
        .map(
            vendor -> {
              if (!vendor.equals(endpoint.type())) {
                throw ApiException.invalidField(
                    "connection_id",
                    "is a "
                        + vendor
                        + " connection; a "
                        + endpoint.type()
                        + " destination needs a "
                        + endpoint.type()
                        + " connection");
              }
              return endpoint;
            });
  }
}
