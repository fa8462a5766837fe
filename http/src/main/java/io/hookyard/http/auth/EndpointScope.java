package io.hookyard.http.auth;

import java.util.Optional;
import java.util.Set;
import org.springframework.web.server.ServerWebExchange;

/**
 * The endpoints a caller may see when that is narrower than its tenant: a customer portal link
 * limited to some endpoints. Routes that list endpoints honour it; routes about one endpoint are
 * checked against it before they run.
 */
public record EndpointScope(Set<String> endpointIds) {
  private static final String ATTRIBUTE = EndpointScope.class.getName();

  public EndpointScope {
    endpointIds = Set.copyOf(endpointIds);
  }

  /** The scope of this exchange's caller; empty when it sees all of its tenant's endpoints. */
  public static Optional<EndpointScope> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
  }

  public void applyTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  public boolean covers(String endpointId) {
    return endpointIds.contains(endpointId);
  }
}
