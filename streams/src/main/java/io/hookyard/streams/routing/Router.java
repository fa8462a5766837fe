package io.hookyard.streams.routing;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.routing.Routing;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans one event out to every endpoint of its tenant that subscribes to its type and whose filter
 * holds, one {@link Delivery} each, keyed by endpoint id. The body a subscriber receives is built
 * here, once, transforms included ({@link Routing}, which replays share); a failing filter or
 * transform costs only that endpoint its delivery and is reported as a {@link RoutingFailure}.
 */
final class Router implements Processor<String, CloudEvent, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final StringSerializer KEYS = new StringSerializer();
  private static final String SPAN = "route";

  private final Routing routing = new Routing();
  private ProcessorContext<String, Object> context;
  private final ParsedEndpoints parsed = new ParsedEndpoints();
  private KeyValueStore<String, byte[]> endpoints;
  private final Tracing tracing;

  Router() {
    this(Tracing.off());
  }

  /**
   * @param tracing where each event's routing span comes from
   */
  Router(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.endpoints = context.getStateStore(RoutingTopology.ENDPOINT_STORE);
  }

  @Override
  public void process(Record<String, CloudEvent> record) {
    EventEnvelope event;
    try {
      event = EventEnvelope.from(record.value());
    } catch (RuntimeException e) {
      log.warn("skipping an event that is not a catalog event: {}", e.getMessage());
      return;
    }
    String prefix = event.tenantId().value() + "/";
    // one span per event, continuing the trace on its headers; each delivery carries it on
    Trace trace =
        tracing
            .start(SPAN, SpanKind.CONSUMER, record.headers())
            .attribute("messaging.system", "kafka")
            .attribute("messaging.destination.name", Topics.EVENTS.name())
            .attribute("hookyard.event_id", event.id().value())
            .attribute("hookyard.event_type", event.type());
    int forwarded = 0;
    try (KeyValueIterator<String, byte[]> it = endpoints.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        EndpointConfig endpoint = parsed.endpoint(entry.key, entry.value);
        if (endpoint == null) {
          continue;
        }
        Routing.Routed outcome = routing.route(event, endpoint);
        Object routed =
            outcome instanceof Routing.Deliver deliver
                ? deliver.delivery()
                : outcome instanceof Routing.Failed failed
                    ? failure(event, endpoint, failed)
                    : null;
        if (routed != null) {
          context.forward(
              new Record<>(endpoint.id().value(), routed, record.timestamp(), trace.headers()));
          forwarded++;
        }
      }
    } finally {
      trace.attribute("hookyard.forwarded", forwarded).end();
    }
  }

  private static RoutingFailure failure(
      EventEnvelope event, EndpointConfig endpoint, Routing.Failed failed) {
    log.warn("endpoint {}: {} failed on event {}", endpoint.id(), failed.stage(), event.id());
    return new RoutingFailure(
        event.id().value(),
        event.tenantId().value(),
        endpoint.id().value(),
        failed.stage(),
        failed.error());
  }
}
