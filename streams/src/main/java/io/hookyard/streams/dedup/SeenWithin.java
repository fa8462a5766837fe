package io.hookyard.streams.dedup;

import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The deduplication both topologies share: a key counts as new when the window store holds no
 * sighting of it within the window before the record's time, and is then remembered. The store is
 * changelogged and the topologies run exactly-once, so the decision survives crashes; entries
 * expire with the store's segments.
 */
public final class SeenWithin {
  private final WindowStore<String, Long> store;
  private final Duration window;

  public SeenWithin(WindowStore<String, Long> store, Duration window) {
    this.store = store;
    this.window = window;
  }

  /** True, and remembered, the first time {@code key} shows up within the window. */
  public boolean firstSighting(String key, long timestamp) {
    // the epoch-millis form: the Instant form formats its argument-check message with
    // String.format on every call, which was a visible share of routing's CPU (JFR)
    long from = Math.max(0, timestamp - window.toMillis());
    try (WindowStoreIterator<Long> earlier = store.backwardFetch(key, from, timestamp)) {
      if (earlier.hasNext()) {
        return false;
      }
    }
    store.put(key, timestamp, timestamp);
    return true;
  }
}
