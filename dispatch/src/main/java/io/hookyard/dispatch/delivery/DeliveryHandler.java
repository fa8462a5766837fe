package io.hookyard.dispatch.delivery;

import io.hookyard.dispatch.destination.Destinations;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.dispatch.signing.SignerCache;
import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.schemas.config.EndpointConfig;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.delivery.Attempt;
import io.hookyard.schemas.delivery.Delivery;
import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Takes one delivery to its attempt: find the endpoint, open its secret and header values, send,
 * record. A vendor destination's delivery goes to its action instead ({@link Destinations}). Only
 * an unknown state of the configuration fails the result (see {@link EndpointResolver}); everything
 * else, unexpected errors included, becomes an attempt, so a bad delivery cannot stall its
 * partition.
 *
 * <p>Each try is a span of the delivery's trace ({@link Tracing}), a child of its routing span; the
 * webhook's {@code traceparent} names that attempt span, and the attempt's log line is written with
 * it current, so it carries the trace and span ids.
 */
final class DeliveryHandler {
  private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);
  private static final int SIGNERS_KEPT = 10_000;
  private static final String SPAN = "attempt";

  private final EndpointResolver endpoints;
  private final SignerCache signers;
  private final WebhookSender sender;
  private final Clock clock;
  private final Destinations destinations;
  private final Tracing tracing;

  DeliveryHandler(
      EndpointResolver endpoints, SecretBox secrets, WebhookSender sender, Clock clock) {
    this(endpoints, secrets, sender, null, clock);
  }

  /**
   * @param destinations runs vendor destinations' actions; null when there are none (tests)
   */
  DeliveryHandler(
      EndpointResolver endpoints,
      SecretBox secrets,
      WebhookSender sender,
      Destinations destinations,
      Clock clock) {
    this(endpoints, secrets, sender, destinations, clock, Tracing.off());
  }

  /**
   * @param destinations runs vendor destinations' actions; null when there are none (tests)
   * @param tracing where each attempt's span comes from
   */
  DeliveryHandler(
      EndpointResolver endpoints,
      SecretBox secrets,
      WebhookSender sender,
      Destinations destinations,
      Clock clock,
      Tracing tracing) {
    this.tracing = tracing;
    this.destinations = destinations;
    this.endpoints = endpoints;
    this.signers = new SignerCache(secrets, SIGNERS_KEPT);
    this.sender = sender;
    this.clock = clock;
  }

  /**
   * One try of a delivery, and what it came to.
   *
   * @param endpoint the endpoint it was for, or null when that is not known (deleted)
   */
  record Handled(
      Delivery delivery, EndpointConfig endpoint, DeliveryOutcome outcome, Attempt attempt) {}

  Mono<Handled> handle(Delivery delivery) {
    return resolve(delivery).flatMap(endpoint -> handle(delivery, endpoint));
  }

  /** The endpoint {@code delivery} is for, or empty when it no longer exists. */
  Mono<Optional<EndpointConfig>> resolve(Delivery delivery) {
    return endpoints.resolve(delivery.endpointId(), delivery.tenantId());
  }

  /** One try of {@code delivery} to the endpoint already resolved for it. */
  Mono<Handled> handle(Delivery delivery, Optional<EndpointConfig> endpoint) {
    return Mono.defer(
        () -> {
          Trace trace =
              tracing
                  .start(SPAN, SpanKind.CLIENT, delivery.traceparent())
                  .attribute("hookyard.endpoint_id", delivery.endpointId().value())
                  .attribute("hookyard.webhook_id", delivery.messageId().value())
                  .attribute("hookyard.attempt", delivery.attempt());
          return outcome(delivery, endpoint, trace)
              .map(
                  outcome -> {
                    Attempt attempt = outcome.toAttempt(delivery, clock.instant());
                    ended(trace, attempt);
                    return new Handled(delivery, endpoint.orElse(null), outcome, attempt);
                  });
        });
  }

  /** Ends the attempt's span, and logs the attempt with it current. */
  private static void ended(Trace trace, Attempt attempt) {
    if (attempt.statusCode() != null) {
      trace.attribute("http.response.status_code", attempt.statusCode());
    }
    if (!attempt.succeeded()) {
      trace.failed(attempt.error() != null ? attempt.error() : "status " + attempt.statusCode());
    }
    Scope current = trace.makeCurrent();
    try {
      logAttempt(attempt);
    } finally {
      current.close();
      trace.end();
    }
  }

  /**
   * How many of {@code endpoint}'s waiting deliveries one request may carry: above 1 only for a
   * vendor destination whose action batches (HubSpot's contacts upsert).
   */
  int batchSize(EndpointConfig endpoint) {
    return endpoint.isVendorDestination() && destinations != null
        ? destinations.batchSize(endpoint)
        : 1;
  }

  /** One try of each of {@code deliveries} to a batching vendor destination, in one call. */
  Mono<java.util.List<Handled>> handleAll(
      java.util.List<Delivery> deliveries, EndpointConfig endpoint) {
    return destinations
        .deliverAll(deliveries, endpoint)
        .map(
            outcomes -> {
              java.util.List<Handled> handled = new java.util.ArrayList<>();
              for (int i = 0; i < deliveries.size(); i++) {
                DeliveryOutcome outcome = new DeliveryOutcome.Called(outcomes.get(i));
                Attempt attempt = outcome.toAttempt(deliveries.get(i), clock.instant());
                logAttempt(attempt);
                handled.add(new Handled(deliveries.get(i), endpoint, outcome, attempt));
              }
              return handled;
            });
  }

  private Mono<DeliveryOutcome> outcome(
      Delivery delivery, Optional<EndpointConfig> found, Trace trace) {
    if (found.isEmpty()) {
      return Mono.just(new DeliveryOutcome.NotSent(DeliveryOutcome.ENDPOINT_NOT_FOUND));
    }
    EndpointConfig endpoint = found.get();
    if (endpoint.disabled()) {
      return Mono.just(new DeliveryOutcome.NotSent(DeliveryOutcome.ENDPOINT_DISABLED));
    }
    if (endpoint.isVendorDestination()) {
      if (destinations == null) {
        return Mono.just(new DeliveryOutcome.NotSent(DeliveryOutcome.INTERNAL_ERROR));
      }
      return destinations
          .deliver(delivery, endpoint)
          .<DeliveryOutcome>map(DeliveryOutcome.Called::new);
    }
    WebhookSigner signer;
    java.util.Map<String, String> extra;
    try {
      signer = signers.signer(endpoint);
      extra = signers.headers(endpoint);
    } catch (IllegalArgumentException e) {
      log.warn(
          "endpoint {}: signing secret or header value unavailable ({})",
          endpoint.id(),
          e.getMessage());
      return Mono.just(new DeliveryOutcome.NotSent(DeliveryOutcome.SECRET_UNAVAILABLE));
    }
    String traceparent = trace.traceparent(); // names this attempt's span
    if (traceparent != null) {
      extra = new java.util.HashMap<>(extra);
      extra.put(Tracing.TRACEPARENT, traceparent);
      trace
          .attribute("http.request.method", "POST")
          .attribute("server.address", endpoint.url().getHost());
    }
    WebhookSender.Request request =
        new WebhookSender.Request(
            endpoint.url(), extra, delivery.messageId().value(), delivery.payload());
    return sender
        .send(request, signer)
        .<DeliveryOutcome>map(DeliveryOutcome.Sent::new)
        .onErrorResume(
            e -> {
              log.error("endpoint {}: delivery {} failed unexpectedly", endpoint.id(), delivery, e);
              return Mono.just(new DeliveryOutcome.NotSent(DeliveryOutcome.INTERNAL_ERROR));
            });
  }

  private static void logAttempt(Attempt a) {
    if (a.succeeded()) {
      log.debug(
          "endpoint {} status {} in {} ms ({} #{})",
          a.endpointId(),
          a.statusCode(),
          a.responseTimeMs(),
          a.webhookId(),
          a.attempt());
    } else {
      log.info(
          "endpoint {} failed: status {} error {} in {} ms ({} #{})",
          a.endpointId(),
          a.statusCode(),
          a.error(),
          a.responseTimeMs(),
          a.webhookId(),
          a.attempt());
    }
  }
}
