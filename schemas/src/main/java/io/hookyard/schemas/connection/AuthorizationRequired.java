package io.hookyard.schemas.connection;

import io.hookyard.schemas.id.ConnectionId;

/**
 * The connection cannot be used until the tenant authorizes it again (or gives new credentials):
 * its syncs and destinations wait, nothing is dropped. The message is ours, never the vendor's.
 */
public final class AuthorizationRequired extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuthorizationRequired(ConnectionId id, String why) {
    super("connection " + id + " needs authorization: " + why, null, false, false);
  }
}
