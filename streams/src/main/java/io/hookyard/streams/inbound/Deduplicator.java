package io.hookyard.streams.inbound;

import io.hookyard.schemas.inbound.InboundRecord;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops a vendor event whose key ({@code tenant/source/vendor event id}) was seen within the
 * window. The store is a changelogged window store, so under exactly-once the decision survives
 * crashes and restarts; entries older than the window expire with its segments.
 */
final class Deduplicator implements Processor<String, InboundRecord, String, InboundRecord> {
  private final Duration window;
  private ProcessorContext<String, InboundRecord> context;
  private WindowStore<String, Long> seen;

  Deduplicator(Duration window) {
    this.window = window;
  }

  @Override
  public void init(ProcessorContext<String, InboundRecord> context) {
    this.context = context;
    this.seen = context.getStateStore(InboundTopology.DEDUP_STORE);
  }

  @Override
  public void process(Record<String, InboundRecord> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    long now = record.timestamp();
    Instant from = Instant.ofEpochMilli(Math.max(0, now - window.toMillis()));
    try (WindowStoreIterator<Long> earlier =
        seen.backwardFetch(record.key(), from, Instant.ofEpochMilli(now))) {
      if (earlier.hasNext()) {
        InboundTopology.DUPLICATES.increment();
        return;
      }
    }
    seen.put(record.key(), now, now);
    context.forward(record);
  }
}
