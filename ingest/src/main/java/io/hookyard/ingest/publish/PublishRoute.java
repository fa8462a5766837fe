package io.hookyard.ingest.publish;

import io.hookyard.http.auth.ApiKeyAuthFilter;
import io.hookyard.http.auth.Principal;
import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.error.ApiException;
import io.hookyard.http.ratelimit.RateLimitFilter;
import io.hookyard.ingest.inflight.InFlight;
import io.hookyard.ingest.inflight.RequestBody;
import io.hookyard.ingest.publish.EventDrafts.Draft;
import io.hookyard.schemas.id.EventId;
import io.hookyard.schemas.id.TenantId;
import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@code POST /api/v1/events} on reactor-netty directly, ahead of WebFlux, as {@code
 * /in/{source}} is served: publishing one event is the API's hottest call, and WebFlux's
 * dispatcher, argument resolvers, result handlers and per-request observation cost more CPU than
 * the event's validation and its write to Kafka together (a JFR profile of {@code bench/e2e.sh} at
 * 300 events/s: WebFlux's own frames on 29 % of the event loops' samples, the publish work on 16
 * %). {@link PublishController} stays, with the same behaviour, for the OpenAPI document.
 *
 * <p>What the route keeps from WebFlux, answer for answer: the API key ({@link ApiKeyAuthFilter}:
 * 401; the operator key 403), the tenant's rate limit and its {@code X-RateLimit-*} headers ({@link
 * RateLimitFilter}: 429 with {@code Retry-After}), 415 for a body that is not JSON by its {@code
 * Content-Type}, the codecs' 1 MiB limit (413), 400 {@code malformed_request} for a body that is no
 * JSON object, the envelope of every error ({@link ApiErrorHandler}) and a 500 that logs its class
 * only, never the body. Like {@code /in/{source}}, its bodies are read within {@link InFlight}'s
 * bounds, the tenant standing for the source (429, 503, both with {@code Retry-After}; 408 for a
 * body that does not arrive in time).
 */
final class PublishRoute implements NettyRouteProvider {
  static final String PATH = "/api/v1/events";
  private static final String SPAN = "POST " + PATH;
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String JSON = "application/json";
  private static final Set<HttpStatus> UNREAD_BODY =
      EnumSet.of(
          HttpStatus.REQUEST_TIMEOUT,
          HttpStatus.CONTENT_TOO_LARGE,
          HttpStatus.TOO_MANY_REQUESTS,
          HttpStatus.SERVICE_UNAVAILABLE);

  private final ApiKeyAuthFilter auth;
  private final RateLimitFilter rateLimit;
  private final ObjectReader drafts;
  private final PublishController controller;
  private final InFlight inFlight;
  private final Duration bodyTimeout;
  private final Tracing tracing;

  PublishRoute(
      ApiKeyAuthFilter auth,
      RateLimitFilter rateLimit,
      JsonMapper mapper,
      PublishController controller,
      InFlight inFlight,
      Duration bodyTimeout,
      Tracing tracing) {
    this.tracing = tracing;
    this.auth = auth;
    this.rateLimit = rateLimit;
    this.drafts = mapper.readerFor(Draft.class);
    this.controller = controller;
    this.inFlight = inFlight;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return routes.route(PublishRoute::matches, this::handle);
  }

  static boolean matches(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      return false;
    }
    String uri = request.uri();
    return uri.startsWith(PATH)
        && (uri.length() == PATH.length() || uri.charAt(PATH.length()) == '?');
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    // the request's span: its traceparent continued (or a new trace), on to Kafka's headers
    Trace trace =
        tracing
            .start(SPAN, SpanKind.SERVER, request.requestHeaders()::get)
            .attribute("http.request.method", "POST")
            .attribute("http.route", PATH);
    return auth.authenticate(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))
        .flatMap(principal -> limited(principal, response))
        .flatMap(tenant -> publish(request, tenant))
        .flatMap(
            id ->
                write(
                    response,
                    202,
                    ("{\"id\":\"" + id.value() + "\"}").getBytes(StandardCharsets.UTF_8)))
        .onErrorResume(
            failure ->
                failure instanceof AbortedException
                    ? Mono.empty() // the client left; there is no one to answer
                    : response.hasSentHeaders()
                        ? Mono.error(failure)
                        : fail(request, response, failure))
        .doFinally(
            signal -> trace.attribute("http.response.status_code", response.status().code()).end())
        .contextWrite(trace::into);
  }

  /** The tenant, once its rate limit let this request through. */
  private Mono<TenantId> limited(Principal principal, HttpServerResponse response) {
    if (!(principal instanceof Principal.Tenant tenant)) {
      return Mono.fromSupplier(principal::requireTenant); // the operator: 403
    }
    ApiException refused = rateLimit.take(tenant, response::header);
    return refused == null ? Mono.just(tenant.tenantId()) : Mono.error(refused);
  }

  private Mono<EventId> publish(HttpServerRequest request, TenantId tenant) {
    String idempotencyKey = request.requestHeaders().get(PublishController.IDEMPOTENCY_KEY);
    requireJson(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE));
    return Mono.usingWhen(
        Mono.fromSupplier(inFlight::enter),
        ticket -> {
          ticket.claim(tenant.value());
          return RequestBody.read(request, MAX_BODY_BYTES, ticket, bodyTimeout)
              .map(this::draft)
              .flatMap(draft -> controller.publish(tenant, draft, idempotencyKey));
        },
        ticket -> Mono.fromRunnable(ticket::close));
  }

  /** 415 unless the body is JSON by its type, as WebFlux's JSON decoder decides. */
  private static void requireJson(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null
        || !(MediaType.APPLICATION_JSON.isCompatibleWith(type)
            || (type.getType().equals("application") && type.getSubtype().endsWith("+json")))) {
      throw new UnsupportedMediaTypeStatusException(
          type, java.util.List.of(MediaType.APPLICATION_JSON));
    }
  }

  private Draft draft(byte[] body) {
    Draft draft;
    try {
      draft = body.length == 0 ? null : drafts.readValue(body);
    } catch (JacksonException e) {
      throw ApiErrorHandler.unreadableBody(e);
    }
    if (draft == null) {
      throw ApiException.badRequest(
          "malformed_request", "the request is not valid JSON or misses a part");
    }
    return draft;
  }

  private static Mono<Void> fail(
      HttpServerRequest request, HttpServerResponse response, Throwable failure) {
    ApiException error = ApiErrorHandler.translate(failure);
    ApiErrorHandler.logIfUnexpected(failure, error, request.method(), PATH);
    if (error.status() == HttpStatus.SERVICE_UNAVAILABLE
        || (error.status() == HttpStatus.TOO_MANY_REQUESTS
            && !response.responseHeaders().contains(HttpHeaderNames.RETRY_AFTER))) {
      response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(InFlight.RETRY_AFTER_SECONDS));
    }
    byte[] envelope = ApiErrorHandler.envelope(error);
    if (UNREAD_BODY.contains(error.status())) {
      response.keepAlive(false); // the body may be unread, or read in part
      return RequestBody.discard(request)
          .then(Mono.defer(() -> write(response, error.status().value(), envelope)));
    }
    return write(response, error.status().value(), envelope);
  }

  private static Mono<Void> write(HttpServerResponse response, int status, byte[] body) {
    response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, JSON)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
    return response.sendObject(Unpooled.wrappedBuffer(body)).then();
  }
}
