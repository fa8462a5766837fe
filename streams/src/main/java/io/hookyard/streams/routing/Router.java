package io.hookyard.streams.routing;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fans one event out to every endpoint of its tenant that subscribes to its type and whose filter
 * holds, one {@link Delivery} each, keyed by endpoint id. The body a subscriber receives is built
 * here, once, transforms included; a failing filter or transform costs only that endpoint its
 * delivery and is reported as a {@link RoutingFailure}.
 */
final class Router implements Processor<String, CloudEvent, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final StringSerializer KEYS = new StringSerializer();
  private static final String SPAN = "route";

  private final Expressions expressions = new Expressions();
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
        Object routed = endpoint.subscribesTo(event.type()) ? route(event, endpoint) : null;
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

  /**
   * The delivery for one endpoint, null when its filter holds the event back, or a {@link
   * RoutingFailure} when its filter or transform fails.
   */
  private Object route(EventEnvelope event, EndpointConfig endpoint) {
    MessageId messageId = MessageId.of(event.id(), endpoint.id());
    byte[] body = body(event, messageId);
    String stage = "filter";
    try {
      if (endpoint.filter() != null && !expressions.get(endpoint.filter()).test(body)) {
        return null;
      }
      stage = "transform";
      if (endpoint.transform() != null) {
        var transformed = expressions.get(endpoint.transform()).apply(body);
        if (transformed.isEmpty()) {
          return failure(event, endpoint, stage, "the transform yielded nothing");
        }
        body = transformed.get();
      }
    } catch (JsonataExpression.ExpressionException e) {
      return failure(event, endpoint, stage, e.getMessage());
    }
    return new Delivery(
        messageId,
        event.id(),
        event.type(),
        event.tenantId(),
        endpoint.id(),
        event.time(),
        1,
        new String(body, StandardCharsets.UTF_8));
  }

  private static RoutingFailure failure(
      EventEnvelope event, EndpointConfig endpoint, String stage, String error) {
    log.warn("endpoint {}: {} failed on event {}", endpoint.id(), stage, event.id());
    return new RoutingFailure(
        event.id().value(), event.tenantId().value(), endpoint.id().value(), stage, error);
  }

  /** The body the contract promises subscribers; the input of filters and transforms. */
  static byte[] body(EventEnvelope event, MessageId messageId) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("webhook_id", messageId.value());
    body.put("event_type", event.type());
    body.put("timestamp", event.time().toString());
    body.put("tenant_id", event.tenantId().value());
    body.set("data", Json.tree(event.data()));
    return Json.write(body);
  }
}
