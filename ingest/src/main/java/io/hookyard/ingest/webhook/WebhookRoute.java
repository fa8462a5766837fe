package io.hookyard.ingest.webhook;

import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.inflight.InFlight;
import io.hookyard.ingest.inflight.RequestBody;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.schemas.trace.Trace;
import io.hookyard.schemas.trace.Tracing;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Serves {@code POST|PUT|GET /in/{source_id}} on reactor-netty directly, on the API's port, ahead
 * of WebFlux: Spring Boot adds a {@link NettyRouteProvider}'s routes to the server before its own
 * handler, and requests this route does not match go on to WebFlux as before. This is the hottest
 * route Hookyard has, and WebFlux's dispatcher, filters and per-request observation cost several
 * times what receiving a webhook does; none of them applies here (no API key, no rate limit: the
 * vendor's signature is the authentication).
 *
 * <p>What the route keeps from WebFlux: the body is read once, byte-exact, with the codecs' 1 MiB
 * limit (413); every error is the API's envelope, byte for byte ({@link ApiErrorHandler}), with
 * {@code Retry-After} on a 429 or 503; an unexpected failure is a 500 that logs its class only,
 * never the body. The answer is written when {@link WebhookReceiver} emits it, which for a stored
 * request is on Kafka's acknowledgement.
 *
 * <p>What it adds, since anyone may call it: the request takes its place in {@link InFlight} before
 * anything else (503 when the instance has too many in flight), its source is looked up before its
 * body is read (404 without reading a byte), the source's share is claimed (429), and the body is
 * read within the bounds and the timeout ({@link RequestBody}: 429, 503, 408). A refused request's
 * connection is closed, as its body may not have been read.
 */
final class WebhookRoute implements NettyRouteProvider {
  private static final String PREFIX = "/in/";
  private static final String ROUTE = "/in/{source_id}";
  private static final String POST_SPAN = "POST " + ROUTE;
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String JSON = "application/json";
  private static final String RETRY_AFTER = Long.toString(InFlight.RETRY_AFTER_SECONDS);

  private final WebhookReceiver receiver;
  private final WebhookMetrics metrics;
  private final InFlight inFlight;
  private final Duration bodyTimeout;
  private final Tracing tracing;

  WebhookRoute(
      WebhookReceiver receiver,
      WebhookMetrics metrics,
      InFlight inFlight,
      Duration bodyTimeout,
      Tracing tracing) {
    this.tracing = tracing;
    this.receiver = receiver;
    this.metrics = metrics;
    this.inFlight = inFlight;
    this.bodyTimeout = bodyTimeout;
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes routes) {
    return routes.route(WebhookRoute::matches, this::handle);
  }

  /** {@code /in/} and one path segment, by a method vendors deliver or handshake with. */
  static boolean matches(HttpServerRequest request) {
    HttpMethod method = request.method();
    return (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.GET)
        && sourceId(request) != null;
  }

  /**
   * The path's one segment after {@code /in/}, or null. Read from the request line by hand:
   * reactor-netty's {@code fullPath()} parses a {@code java.net.URI} on every call.
   */
  static String sourceId(HttpServerRequest request) {
    String uri = request.uri();
    String path = uri.startsWith("/") ? uri : request.fullPath(); // absolute-form: rare
    int end = path.length();
    for (int i = PREFIX.length(); i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
      if (c == '/') {
        return null;
      }
    }
    return path.startsWith(PREFIX) && end > PREFIX.length()
        ? path.substring(PREFIX.length(), end)
        : null;
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    long start = System.nanoTime();
    String sourceId = sourceId(request);
    // the request's span: the vendor's traceparent continued (or a new trace), on to Kafka
    Trace trace =
        tracing
            .start(
                request.method() == HttpMethod.POST ? POST_SPAN : request.method() + " " + ROUTE,
                SpanKind.SERVER,
                request.requestHeaders()::get)
            .attribute("http.request.method", request.method().name())
            .attribute("http.route", ROUTE)
            .attribute("hookyard.source_id", sourceId);
    return Mono.usingWhen(
            Mono.fromSupplier(inFlight::enter),
            ticket -> receive(request, sourceId, ticket),
            ticket -> Mono.fromRunnable(ticket::close))
        .flatMap(reply -> send(response, reply))
        .onErrorResume(
            failure ->
                failure instanceof AbortedException
                    ? Mono.empty() // the client left; there is no one to answer
                    : response.hasSentHeaders()
                        ? Mono.error(failure)
                        : fail(request, response, failure))
        .doFinally(
            signal -> {
              int status = response.status().code();
              metrics.answered(status, System.nanoTime() - start);
              trace.attribute("http.response.status_code", status).end();
            })
        .contextWrite(trace::into);
  }

  /** The answer, once the source is known, its share claimed and the body read in bounds. */
  private Mono<Verdict.Reply> receive(
      HttpServerRequest request, String sourceId, InFlight.Ticket ticket) {
    return receiver
        .source(sourceId)
        .flatMap(
            source -> {
              ticket.claim(sourceId);
              return RequestBody.read(request, MAX_BODY_BYTES, ticket, bodyTimeout)
                  .flatMap(body -> receiver.receive(source, NettyRequests.inbound(request, body)));
            });
  }

  private static Mono<Void> send(HttpServerResponse response, Verdict.Reply reply) {
    return write(response, reply.status(), reply.contentType(), reply.body());
  }

  private static Mono<Void> fail(
      HttpServerRequest request, HttpServerResponse response, Throwable failure) {
    ApiException error = ApiErrorHandler.translate(failure);
    ApiErrorHandler.logIfUnexpected(failure, error, request.method(), request.fullPath());
    if (error.status() == HttpStatus.SERVICE_UNAVAILABLE
        || error.status() == HttpStatus.TOO_MANY_REQUESTS) {
      response.header(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER);
    }
    response.keepAlive(false); // the body may be unread, or read in part
    byte[] envelope = ApiErrorHandler.envelope(error);
    return RequestBody.discard(request)
        .then(Mono.defer(() -> write(response, error.status().value(), JSON, envelope)));
  }

  private static Mono<Void> write(
      HttpServerResponse response, int status, String contentType, byte[] body) {
    response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
    return response.sendObject(Unpooled.wrappedBuffer(body)).then();
  }
}
