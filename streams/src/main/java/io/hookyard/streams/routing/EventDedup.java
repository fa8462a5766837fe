package io.hookyard.streams.routing;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.event.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Routes an event id once per window (24 h by default): a publish retried with the same {@code
 * Idempotency-Key}, or a CloudEvent an internal service produced twice, reaches subscribers once. A
 * retry carries the same subject, so it lands on the same partition and meets its first copy in
 * this partition's store.
 */
final class EventDedup implements Processor<String, CloudEvent, String, CloudEvent> {
  private final Duration window;
  private ProcessorContext<String, CloudEvent> context;
  private WindowStore<String, Long> seen;

  EventDedup(Duration window) {
    this.window = window;
  }

  @Override
  public void init(ProcessorContext<String, CloudEvent> context) {
    this.context = context;
    this.seen = context.getStateStore(RoutingTopology.SEEN_EVENTS_STORE);
  }

  @Override
  public void process(Record<String, CloudEvent> record) {
    CloudEvent event = record.value();
    if (event == null) {
      return;
    }
    Object tenant = event.getExtension(EventEnvelope.TENANT_EXTENSION);
    String id = tenant + "/" + event.getId();
    long now = record.timestamp();
    Instant from = Instant.ofEpochMilli(Math.max(0, now - window.toMillis()));
    try (WindowStoreIterator<Long> earlier =
        seen.backwardFetch(id, from, Instant.ofEpochMilli(now))) {
      if (earlier.hasNext()) {
        return;
      }
    }
    seen.put(id, now, now);
    context.forward(record);
  }
}
