package io.hookyard.dispatch.sending;

import java.io.IOException;

/**
 * A connection refused before it was opened because the endpoint's host resolved only to addresses
 * Hookyard must not reach (see {@link io.hookyard.schemas.net.AddressClass}). The message names the
 * address class, never the address or the host.
 */
final class BlockedAddressException extends IOException {
  private static final long serialVersionUID = 1L;

  BlockedAddressException(String why) {
    super("the endpoint resolves only to non-public addresses (" + why + ")");
  }
}
