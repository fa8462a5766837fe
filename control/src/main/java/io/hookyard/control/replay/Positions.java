package io.hookyard.control.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a replay stands on each partition of {@code hookyard.events}: the next offset to read and
 * the offset its range ends before. Stored with the replay after every batch, so a replay resumes
 * from there after a restart (sending at most its last batch again, with the same ids).
 */
record Positions(Map<Integer, Span> partitions) {

  /** One partition's part of the range: {@code [next, end)}. */
  record Span(long next, long end) {
    boolean done() {
      return next >= end;
    }
  }

  Positions {
    partitions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
  }

  /** The first partition with something left to read, or null when the range is read. */
  Integer pending() {
    return partitions.entrySet().stream()
        .filter(e -> !e.getValue().done())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  Positions advanced(int partition, long next) {
    Map<Integer, Span> copy = new TreeMap<>(partitions);
    Span span = copy.get(partition);
    copy.put(partition, new Span(Math.min(next, span.end()), span.end()));
    return new Positions(copy);
  }
}
