package io.hookyard.schemas.routing;

import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one endpoint gets of one event: the one place that decides it, for live routing (streams'
 * fan-out) and for replays and backfills (control) alike, so a replayed event reaches exactly the
 * endpoints the live one would reach now, with the same body and the same {@code webhook-id}
 * ({@link MessageId#of}: derived from event and endpoint). The endpoint takes the event when it
 * subscribes to its type (and is not disabled) and its filter holds; its transform makes the body.
 *
 * <p>Not thread-safe (compiled JSONata expressions are cached per instance): one per stream task or
 * per reader.
 */
public final class Routing {
  private final Expressions expressions = new Expressions();

  /** The outcome for one endpoint that subscribes to the event. */
  public sealed interface Routed {}

  /** The endpoint gets {@code delivery}, a first try. */
  public record Deliver(Delivery delivery) implements Routed {}

  /** The endpoint's filter or transform failed on the event ({@code stage} says which). */
  public record Failed(String stage, String error) implements Routed {}

  /**
   * The endpoint's outcome for {@code event}, or null when it does not take it: another tenant's
   * event, a type it does not subscribe to, disabled, or its filter holds the event back.
   */
  public Routed route(EventEnvelope event, EndpointConfig endpoint) {
    if (!endpoint.tenantId().equals(event.tenantId()) || !endpoint.subscribesTo(event.type())) {
      return null;
    }
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
          return new Failed(stage, "the transform yielded nothing");
        }
        body = transformed.get();
      }
    } catch (JsonataExpression.ExpressionException e) {
      return new Failed(stage, e.getMessage());
    }
    return new Deliver(
        new Delivery(
            messageId,
            event.id(),
            event.type(),
            event.tenantId(),
            endpoint.id(),
            event.time(),
            1,
            new String(body, StandardCharsets.UTF_8)));
  }

  /** The body the contract promises subscribers; the input of filters and transforms. */
  public static byte[] body(EventEnvelope event, MessageId messageId) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("webhook_id", messageId.value());
    body.put("event_type", event.type());
    body.put("timestamp", event.time().toString());
    body.put("tenant_id", event.tenantId().value());
    body.set("data", Json.tree(event.data()));
    return Json.write(body);
  }
}
