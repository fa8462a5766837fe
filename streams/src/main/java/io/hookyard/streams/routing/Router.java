package io.hookyard.streams.routing;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.json.Json;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fans one event out to every endpoint of its tenant that subscribes to its type, one {@link
 * Delivery} each, keyed by endpoint id. The body a subscriber receives is built here, once.
 */
final class Router implements Processor<String, CloudEvent, String, Delivery> {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final StringSerializer KEYS = new StringSerializer();

  private ProcessorContext<String, Delivery> context;
  private KeyValueStore<String, EndpointConfig> endpoints;

  @Override
  public void init(ProcessorContext<String, Delivery> context) {
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
    try (KeyValueIterator<String, EndpointConfig> it = endpoints.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        EndpointConfig endpoint = it.next().value;
        if (endpoint.subscribesTo(event.type())) {
          Delivery delivery = delivery(event, endpoint);
          context.forward(
              new Record<>(
                  endpoint.id().value(), delivery, record.timestamp(), new RecordHeaders()));
        }
      }
    }
  }

  static Delivery delivery(EventEnvelope event, EndpointConfig endpoint) {
    MessageId messageId = MessageId.of(event.id(), endpoint.id());
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("webhook_id", messageId.value());
    body.put("event_type", event.type());
    body.put("timestamp", event.time().toString());
    body.put("tenant_id", event.tenantId().value());
    body.set("data", Json.tree(event.data()));
    return new Delivery(
        messageId,
        event.id(),
        event.type(),
        event.tenantId(),
        endpoint.id(),
        event.time(),
        1,
        Json.writeString(body));
  }
}
