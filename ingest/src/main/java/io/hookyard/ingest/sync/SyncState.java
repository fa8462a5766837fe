package io.hookyard.ingest.sync;

import io.hookyard.schemas.id.SyncId;
import io.hookyard.schemas.sync.RecordVersion;
import io.hookyard.schemas.sync.SyncPosition;
import java.util.HashMap;
import java.util.Map;

/**
 * What this instance knows of one sync it owns: its committed position and the versions of the
 * records it reported, both read back from Kafka when the sync's partition was assigned and changed
 * only after a transaction with them committed. One run at a time touches it.
 */
final class SyncState {
  private final SyncId id;
  private volatile SyncPosition position;
  private final Map<String, RecordVersion> versions = new HashMap<>();

  SyncState(SyncId id) {
    this.id = id;
    this.position = SyncPosition.initial(id);
  }

  SyncId id() {
    return id;
  }

  SyncPosition position() {
    return position;
  }

  void position(SyncPosition next) {
    this.position = next == null ? SyncPosition.initial(id) : next;
  }

  synchronized RecordVersion version(String recordId) {
    return versions.get(recordId);
  }

  synchronized void version(String recordId, RecordVersion version) {
    if (version == null) {
      versions.remove(recordId);
    } else {
      versions.put(recordId, version);
    }
  }

  /** Record ids last seen by a full resync older than {@code generation}: gone from the vendor. */
  synchronized java.util.List<String> notSeenSince(long generation) {
    return versions.entrySet().stream()
        .filter(e -> e.getValue().generation() < generation)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  synchronized int size() {
    return versions.size();
  }
}
