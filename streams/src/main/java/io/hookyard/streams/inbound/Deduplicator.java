package io.hookyard.streams.inbound;

import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.streams.dedup.SeenWithin;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Drops a vendor event whose key ({@code tenant/source/vendor event id}) was seen within the
 * window. The store is a changelogged window store, so under exactly-once the decision survives
 * crashes and restarts; entries older than the window expire with its segments.
 */
final class Deduplicator implements Processor<String, InboundRecord, String, InboundRecord> {
  private final Duration window;
  private ProcessorContext<String, InboundRecord> context;
  private SeenWithin seen;

  Deduplicator(Duration window) {
    this.window = window;
  }

  @Override
  public void init(ProcessorContext<String, InboundRecord> context) {
    this.context = context;
    this.seen = new SeenWithin(context.getStateStore(InboundTopology.DEDUP_STORE), window);
  }

  @Override
  public void process(Record<String, InboundRecord> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    if (!seen.firstSighting(record.key(), record.timestamp())) {
      InboundTopology.DUPLICATES.increment();
      return;
    }
    context.forward(record);
  }
}
