package io.hookyard.streams.routing;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.streams.dedup.SeenWithin;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Routes an event id once per window (24 h by default): a publish retried with the same {@code
 * Idempotency-Key}, or a CloudEvent an internal service produced twice, reaches subscribers once. A
 * retry carries the same subject, so it lands on the same partition and meets its first copy in
 * this partition's store.
 */
final class EventDedup implements Processor<String, CloudEvent, String, CloudEvent> {
  private final Duration window;
  private ProcessorContext<String, CloudEvent> context;
  private SeenWithin seen;

  EventDedup(Duration window) {
    this.window = window;
  }

  @Override
  public void init(ProcessorContext<String, CloudEvent> context) {
    this.context = context;
    this.seen = new SeenWithin(context.getStateStore(RoutingTopology.SEEN_EVENTS_STORE), window);
  }

  @Override
  public void process(Record<String, CloudEvent> record) {
    CloudEvent event = record.value();
    if (event == null) {
      return;
    }
    Object tenant = event.getExtension(EventEnvelope.TENANT_EXTENSION);
    if (!seen.firstSighting(tenant + "/" + event.getId(), record.timestamp())) {
      return;
    }
    context.forward(record);
  }
}
