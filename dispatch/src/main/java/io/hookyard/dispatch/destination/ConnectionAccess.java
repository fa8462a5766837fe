package io.hookyard.dispatch.destination;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.connection.AccessToken;
import io.hookyard.schemas.connection.AuthorizationRequired;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.id.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything destinations need from a connection, in one place: its access token (and a fresh one
 * after a 401, refreshed once per connection across all instances by control), its opened
 * credentials, and its budget, shared with the connection's syncs in this process. The connection
 * services themselves live in {@code schemas} ({@link ConnectionTokens}, {@link
 * ConnectionBudgets}); this is the only class of dispatch that calls them.
 *
 * <p>Opened tokens and credentials are kept per connection revision (opening one is an AES-GCM
 * decryption and a JSON parse, too much for every call): a new revision, a token near its expiry or
 * a 401 opens them afresh.
 */
final class ConnectionAccess {
  /** A kept token is used until this long before it expires (ConnectionTokens refreshes then). */
  private static final Duration EARLY = Duration.ofSeconds(90);

  private final ConnectionTokens tokens;
  private final ConnectionBudgets budgets;
  private final Map<ConnectionId, AccessToken> opened = new ConcurrentHashMap<>();
  private final Map<ConnectionId, Opened> credentials = new ConcurrentHashMap<>();

  private record Opened(long revision, Map<String, String> values) {
    @Override
    public String toString() {
      return "Opened[r" + revision + "]";
    }
  }

  ConnectionAccess(ConnectionTokens tokens, ConnectionBudgets budgets) {
    this.tokens = tokens;
    this.budgets = budgets;
  }

  /** The connection's current access token, waiting for a refresh when it has expired. */
  CompletableFuture<AccessToken> token(ConnectionConfig connection) {
    AccessToken kept = opened.get(connection.id());
    if (kept != null
        && kept.revision() == connection.revision()
        && (kept.expiresAt() == null || kept.expiresAt().isAfter(Instant.now().plus(EARLY)))) {
      return CompletableFuture.completedFuture(kept);
    }
    return tokens
        .token(connection.id())
        .thenApply(
            token -> {
              opened.put(connection.id(), token);
              return token;
            });
  }

  /**
   * After the vendor refused the token of {@code revision} (401): a newer token, or {@link
   * AuthorizationRequired} when the tenant must authorize the connection again.
   */
  CompletableFuture<AccessToken> refused(ConnectionConfig connection, long revision) {
    opened.remove(connection.id());
    return tokens.refused(connection.id(), revision);
  }

  /** Whether {@code failure} means the connection waits for the tenant to authorize again. */
  static boolean authorizationRequired(Throwable failure) {
    Throwable t = failure instanceof CompletionException c ? c.getCause() : failure;
    return t instanceof AuthorizationRequired;
  }

  /** The connection's opened credentials: Teams' {@code webhook_url}, a static token, … */
  Map<String, String> credentials(ConnectionConfig connection) {
    Opened kept = credentials.get(connection.id());
    if (kept != null && kept.revision() == connection.revision()) {
      return kept.values();
    }
    Map<String, String> values = Map.copyOf(tokens.credentials(connection));
    credentials.put(connection.id(), new Opened(connection.revision(), values));
    return values;
  }

  /** The connection's budget, shared by everything in this process calling through it. */
  ConnectionBudgets.Budget budget(ConnectionConfig connection) {
    return budgets.budget(connection);
  }
}
