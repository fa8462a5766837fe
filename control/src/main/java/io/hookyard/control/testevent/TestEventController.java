package io.hookyard.control.testevent;

import io.hookyard.control.testevent.Samples.Sample;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiException;
import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.expression.JsonataExpression;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.MessageId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.json.Json;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/endpoints/{id}/test}: sends one event of a type's sample payload to one
 * endpoint through the normal delivery path. It is a real delivery on {@code hookyard.deliveries}
 * keyed by the endpoint, with the body the contract promises (the endpoint's transform applied, its
 * filter not: a test is always sent), so dispatch signs, rate-limits, retries and logs it like any
 * other; it shows in the endpoint's attempt log under a fresh event id. The endpoint is read from
 * PostgreSQL, so one created a moment ago can be tested at once.
 */
@RestController
class TestEventController {
  private final DatabaseClient db;
  private final Samples samples;
  private final TestDeliveries deliveries;

  TestEventController(DatabaseClient db, Samples samples, TestDeliveries deliveries) {
    this.db = db;
    this.samples = samples;
    this.deliveries = deliveries;
  }

  /** The body: which type to send; optional. */
  record TestRequest(String eventType) {}

  /** The answer: the test event's id, the {@code webhook-id} it is sent with, and its type. */
  record TestSent(String id, String webhookId, String eventType) {}

  @PostMapping("/api/v1/endpoints/{id}/test")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Send a test event to the endpoint",
      description =
          "Sends the sample payload of event_type (the example in the type's JSON Schema) to this"
              + " endpoint through the normal delivery path: signed, retried on the endpoint's"
              + " schedule, and listed in its attempt log. The endpoint's transform applies, its"
              + " filter does not. Without a body or event_type, the first of the endpoint's"
              + " event_types that names a type with an example is sent (a pattern such as"
              + " invoice.* stands for its first built-in type by name). 422 naming event_type"
              + " when the type is unknown or has no example; 409 endpoint_disabled when the"
              + " endpoint is disabled.")
  Mono<TestSent> send(
      Principal principal,
      @PathVariable String id,
      @RequestBody(required = false) TestRequest request) {
    TenantId tenant = principal.requireTenant();
    String requested = request == null ? null : request.eventType();
    return endpoint(tenant, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("endpoint", id)))
        .flatMap(
            endpoint -> {
              if (endpoint.disabled()) {
                return Mono.error(ApiException.endpointDisabled(id, "send a test event"));
              }
              Delivery delivery = delivery(endpoint, samples.pick(endpoint, requested));
              return deliveries
                  .send(delivery)
                  .thenReturn(
                      new TestSent(
                          delivery.eventId().value(),
                          delivery.messageId().value(),
                          delivery.eventType()));
            });
  }

  private Mono<EndpointConfig> endpoint(TenantId tenant, String id) {
    return db.sql("select config from endpoints where tenant_id = :tenant and id = :id")
        .bind("tenant", tenant.value())
        .bind("id", id)
        .map(
            row ->
                (EndpointConfig)
                    Json.read(
                        row.get("config", io.r2dbc.postgresql.codec.Json.class)
                            .asString()
                            .getBytes(StandardCharsets.UTF_8),
                        ConfigRecord.class))
        .one();
  }

  private static Delivery delivery(EndpointConfig endpoint, Sample sample) {
    EventId eventId = EventId.next();
    MessageId messageId = MessageId.of(eventId, endpoint.id());
    Instant now = Instant.now();
    return new Delivery(
        messageId,
        eventId,
        sample.type(),
        endpoint.tenantId(),
        endpoint.id(),
        now,
        1,
        new String(body(endpoint, sample, messageId, now), StandardCharsets.UTF_8));
  }

  /** The body every subscriber gets (as streams builds it at fan-out), then the transform. */
  private static byte[] body(
      EndpointConfig endpoint, Sample sample, MessageId messageId, Instant time) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("webhook_id", messageId.value());
    body.put("event_type", sample.type());
    body.put("timestamp", time.toString());
    body.put("tenant_id", endpoint.tenantId().value());
    body.set("data", Json.tree(sample.dataJson().getBytes(StandardCharsets.UTF_8)));
    byte[] json = Json.write(body);
    if (endpoint.transform() == null) {
      return json;
    }
    try {
      return JsonataExpression.compile(endpoint.transform())
          .apply(json)
          .orElseThrow(
              () ->
                  ApiException.invalidField(
                      Samples.FIELD, "the endpoint's transform yields nothing for this sample"));
    } catch (JsonataExpression.ExpressionException e) {
      throw ApiException.invalidField(
          Samples.FIELD, "the endpoint's transform fails on this sample: " + e.getMessage());
    }
  }
}
