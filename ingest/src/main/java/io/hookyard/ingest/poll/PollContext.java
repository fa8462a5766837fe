package io.hookyard.ingest.poll;

import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.config.SyncConfig;

/** What a poller may use for one page: the sync, its connection, and authenticated vendor calls. */
public record PollContext(SyncConfig sync, ConnectionConfig connection, VendorCalls calls) {

  /** A sync setting as text, or {@code fallback}. */
  public String setting(String name, String fallback) {
    Object value = sync.settings().get(name);
    return value == null ? fallback : value.toString();
  }
}
