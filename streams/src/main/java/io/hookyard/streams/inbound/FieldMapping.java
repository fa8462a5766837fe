package io.hookyard.streams.inbound;

import io.cloudevents.CloudEvent;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.catalog.EventType;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.json.Json;
import io.hookyard.schemas.trace.Tracing;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the source's tenant field mapping, when it has one, to each catalog event's {@code data}:
 * the JSONata expression sees {@code data} and yields an object whose fields are laid over it
 * ({@code {"tier": properties.Tier__c}} lifts a custom property). A catalog type's result must
 * still match its schema. An expression that fails, yields no object or breaks the schema fails the
 * record, which goes to {@code hookyard.streams.dead} with the error in its headers while the
 * topology goes on. Expressions are compiled once per processor and again only when they change.
 */
final class FieldMapping implements Processor<String, Normalized, String, CloudEvent> {
  private final EventCatalog catalog;
  private final Map<String, JsonataExpression> compiled = new HashMap<>();
  private ProcessorContext<String, CloudEvent> context;
  private ReadOnlyKeyValueStore<String, String> mappings;

  FieldMapping(EventCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void init(ProcessorContext<String, CloudEvent> context) {
    this.context = context;
    this.mappings = context.getStateStore(InboundTopology.MAPPING_STORE);
  }

  @Override
  public void process(Record<String, Normalized> record) {
    EventEnvelope event = record.value().event();
    String key = SourceMappingConfig.keyOf(event.tenantId(), record.value().source());
    String expression = mappings.get(key);
    EventEnvelope out = expression == null ? event : mapped(event, expression(key, expression));
    context.forward(
        new Record<>(
            out.key(),
            out.toCloudEvent(),
            record.timestamp(),
            Tracing.carried(record.headers()))); // the request's trace, on to routing
  }

  private JsonataExpression expression(String key, String source) {
    JsonataExpression current = compiled.get(key);
    if (current == null || !current.source().equals(source)) {
      current = JsonataExpression.compile(source);
      compiled.put(key, current);
    }
    return current;
  }

  private EventEnvelope mapped(EventEnvelope event, JsonataExpression expression) {
    Optional<byte[]> result = expression.apply(event.data());
    if (result.isEmpty()) {
      return event;
    }
    JsonNode fields = Json.tree(result.get());
    if (!(fields instanceof ObjectNode object)) {
      throw new MappingException("the field mapping yields no object");
    }
    ObjectNode data = (ObjectNode) Json.tree(event.data());
    data.setAll(object);
    byte[] json = Json.write(data);
    Optional<EventType> type = catalog.find(event.type());
    if (type.isPresent()) {
      List<EventType.Violation> violations =
          type.get().validate(new String(json, StandardCharsets.UTF_8));
      if (!violations.isEmpty()) {
        throw new MappingException(
            "the field mapping breaks the schema of "
                + event.type()
                + " at "
                + violations.stream().map(EventType.Violation::field).toList());
      }
    }
    return new EventEnvelope(
        event.id(), event.tenantId(), event.type(), event.subject(), event.time(), json);
  }

  /** A mapping whose result cannot be used; the message names no data. */
  static final class MappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MappingException(String message) {
      super(message);
    }
  }
}
