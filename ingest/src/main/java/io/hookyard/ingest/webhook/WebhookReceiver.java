package io.hookyard.ingest.webhook;

import io.hookyard.http.error.ApiException;
import io.hookyard.ingest.webhook.vendor.InboundRequest;
import io.hookyard.ingest.webhook.vendor.VendorEvent;
import io.hookyard.ingest.webhook.vendor.Verdict;
import io.hookyard.schemas.config.SourceConfig;
import io.hookyard.schemas.id.Ids;
import io.hookyard.schemas.inbound.InboundRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /in/{source_id}}: where vendors deliver. The raw body is read once and verified the way
 * that vendor signs; a bad or missing signature is a 401 and nothing is stored. Handshakes are
 * answered. A verified request is answered 2xx only after every vendor event in it is on {@code
 * hookyard.inbound.raw}; when Kafka cannot take it the answer is 503 with Retry-After, so the
 * vendor retries and nothing is lost. The raw archive is filled from that topic afterwards, off
 * this path ({@code io.hookyard.ingest.archive.InboundArchive} states its guarantee).
 */
final class WebhookReceiver {
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final String PATH = "/in/{sourceId}";
  private static final HttpMethod[] METHODS = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.GET};
  private static final int CLAIM_CHECK_BYTES = 256 * 1024;
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

  private final Sources sources;
  private final InboundPublisher publisher;
  private final Archiver archiver;
  private final Clock clock;

  WebhookReceiver(Sources sources, InboundPublisher publisher, Archiver archiver, Clock clock) {
    this.sources = sources;
    this.publisher = publisher;
    this.archiver = archiver;
    this.clock = clock;
  }

  /** The route: a plain handler function, cheaper per request than an annotated controller. */
  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route(
        RequestPredicates.path(PATH).and(RequestPredicates.methods(METHODS)), this::receive);
  }

  Mono<ServerResponse> receive(ServerRequest request) {
    String sourceId = request.pathVariable("sourceId");
    return request
        .bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .flatMap(
            body ->
                sources
                    .find(sourceId)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("source", sourceId)))
                    .flatMap(source -> handle(source, request.exchange().getRequest(), body)));
  }

  private Mono<ServerResponse> handle(
      Sources.Resolved source, ServerHttpRequest http, byte[] body) {
    InboundRequest request =
        new InboundRequest(http.getMethod().name(), http.getURI(), headerMap(http), body);
    Instant now = clock.instant();
    Verdict verdict;
    try {
      verdict = source.adapter().verify(request, source.spec(), now);
    } catch (IllegalArgumentException e) {
      // the source's settings cannot verify anything (a bad algorithm name, say): refuse, loudly
      log.warn("source {} is misconfigured: {}", source.config().id(), e.getMessage());
      verdict = new Verdict.Rejected("source_misconfigured");
    }
    if (verdict instanceof Verdict.Rejected rejected) {
      log.info("source {} rejected a request: {}", source.config().id(), rejected.reason());
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "signature_invalid",
          "the request is not signed the way this source expects (" + rejected.reason() + ")",
          Map.of("reason", rejected.reason()));
    }
    if (verdict instanceof Verdict.Handshake handshake) {
      return reply(handshake.reply());
    }
    Verdict.Accepted accepted = (Verdict.Accepted) verdict;
    Map<String, String> headers = keptHeaders(request);
    return Mono.just(accepted.events())
        .flatMapIterable(events -> events)
        .concatMap(event -> record(source.config(), event, headers, now))
        .collectList()
        .flatMap(
            records ->
                publisher
                    .publish(records)
                    .onErrorMap(
                        e -> {
                          log.warn(
                              "source {}: request not accepted, Kafka unavailable ({})",
                              source.config().id(),
                              e.getClass().getSimpleName());
                          return ApiException.unavailable(
                              "cannot store the webhook right now; retry later");
                        })
                    .then(
                        Mono.defer(
                            () ->
                                accepted.reply() != null
                                    ? reply(accepted.reply())
                                    : ServerResponse.ok()
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .bodyValue(
                                            ("{\"accepted\":" + records.size() + "}")
                                                .getBytes(StandardCharsets.UTF_8)))));
  }

  private Mono<InboundRecord> record(
      SourceConfig source, VendorEvent event, Map<String, String> headers, Instant now) {
    String id = Ids.next(InboundRecord.PREFIX);
    String dedupKey =
        event.dedupKey() != null ? event.dedupKey() : "sha256:" + sha256(event.body());
    if (event.body().length <= CLAIM_CHECK_BYTES) {
      return Mono.just(
          new InboundRecord(
              id,
              source.tenantId(),
              source.id(),
              source.type(),
              dedupKey,
              event.eventType(),
              now,
              headers,
              event.body(),
              null));
    }
    return archiver
        .storeBody(Archiver.folder(source.tenantId(), source.id(), now), id, event.body())
        .map(
            blobKey ->
                new InboundRecord(
                    id,
                    source.tenantId(),
                    source.id(),
                    source.type(),
                    dedupKey,
                    event.eventType(),
                    now,
                    headers,
                    null,
                    blobKey));
  }

  private static Map<String, List<String>> headerMap(ServerHttpRequest http) {
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
    http.getHeaders().forEach(headers::put);
    return headers;
  }

  private static Map<String, String> keptHeaders(InboundRequest request) {
    return request.headers().entrySet().stream()
        .filter(e -> !SECRET_HEADERS.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.join(", ", e.getValue())));
  }

  private static Mono<ServerResponse> reply(Verdict.Reply reply) {
    return ServerResponse.status(reply.status())
        .contentType(MediaType.parseMediaType(reply.contentType()))
        .bodyValue(reply.body());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
