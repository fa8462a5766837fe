package io.hookyard.ingest.webhook;

import io.hookyard.http.error.ApiErrorHandler;
import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
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
 * {@code Retry-After} on a 503; an unexpected failure is a 500 that logs its class only, never the
 * body. The answer is written when {@link WebhookReceiver} emits it, which for a stored request is
 * on Kafka's acknowledgement.
 */
final class WebhookRoute implements NettyRouteProvider {
  private static final String PREFIX = "/in/";
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String JSON = "application/json";
  private static final String RETRY_AFTER = Long.toString(ApiErrorHandler.RETRY_AFTER.toSeconds());

  private final WebhookReceiver receiver;
  private final WebhookMetrics metrics;

  WebhookRoute(WebhookReceiver receiver, WebhookMetrics metrics) {
    this.receiver = receiver;
    this.metrics = metrics;
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
    return RequestBody.read(request, MAX_BODY_BYTES)
        .flatMap(body -> receiver.receive(sourceId, NettyRequests.inbound(request, body)))
        .flatMap(reply -> send(response, reply))
        .onErrorResume(
            failure ->
                failure instanceof AbortedException
                    ? Mono.empty() // the client left; there is no one to answer
                    : response.hasSentHeaders()
                        ? Mono.error(failure)
                        : fail(request, response, failure))
        .doFinally(signal -> metrics.answered(response.status().code(), System.nanoTime() - start));
  }

  private static Mono<Void> send(HttpServerResponse response, Verdict.Reply reply) {
    return write(response, reply.status(), reply.contentType(), reply.body());
  }

  private static Mono<Void> fail(
      HttpServerRequest request, HttpServerResponse response, Throwable failure) {
    ApiException error = ApiErrorHandler.translate(failure);
    ApiErrorHandler.logIfUnexpected(failure, error, request.method(), request.fullPath());
    if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      response.header(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER);
    }
    return write(response, error.status().value(), JSON, ApiErrorHandler.envelope(error));
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
