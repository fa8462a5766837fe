package io.hookyard.dispatch.destination;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.connection.AccessToken;
import io.hookyard.schemas.connection.AuthorizationRequired;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Everything destinations need from a connection, in one place: its access token (and a fresh one
 * after a 401, refreshed once per connection across all instances by control), its opened
 * credentials, and its budget, shared with the connection's syncs in this process. The connection
 * services themselves live in {@code schemas} ({@link ConnectionTokens}, {@link
 * ConnectionBudgets}); this is the only class of dispatch that calls them.
 */
final class ConnectionAccess {
  private final ConnectionTokens tokens;
  private final ConnectionBudgets budgets;

  ConnectionAccess(ConnectionTokens tokens, ConnectionBudgets budgets) {
    this.tokens = tokens;
    this.budgets = budgets;
  }

  /** The connection's current access token, waiting for a refresh when it has expired. */
  CompletableFuture<AccessToken> token(ConnectionConfig connection) {
    return tokens.token(connection.id());
  }

  /**
   * After the vendor refused the token of {@code revision} (401): a newer token, or {@link
   * AuthorizationRequired} when the tenant must authorize the connection again.
   */
  CompletableFuture<AccessToken> refused(ConnectionConfig connection, long revision) {
    return tokens.refused(connection.id(), revision);
  }

  /** Whether {@code failure} means the connection waits for the tenant to authorize again. */
  static boolean authorizationRequired(Throwable failure) {
    Throwable t = failure instanceof CompletionException c ? c.getCause() : failure;
    return t instanceof AuthorizationRequired;
  }

  /** The connection's opened credentials: Teams' {@code webhook_url}, a static token, … */
  Map<String, String> credentials(ConnectionConfig connection) {
    return tokens.credentials(connection);
  }

  /** The connection's budget, shared by everything in this process calling through it. */
  ConnectionBudgets.Budget budget(ConnectionConfig connection) {
    return budgets.budget(connection);
  }
}
