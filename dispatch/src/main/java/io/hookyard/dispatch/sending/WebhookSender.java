package io.hookyard.dispatch.sending;

import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.schemas.delivery.Attempt;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * POSTs one signed webhook and reports what came of it; it never fails, every problem becomes a
 * {@link SendOutcome}. Each attempt gets one total deadline (connect, send, answer and the body
 * prefix together), redirects are not followed (a subscriber's 3xx is a failure, and following it
 * could send signed events somewhere the tenant never registered), and only the first {@link
 * Attempt#MAX_RESPONSE_BODY} bytes of an answer are read.
 *
 * <p>The wire format is the Standard Webhooks one: {@code webhook-id}, {@code webhook-timestamp}
 * (unix seconds of this attempt, so every retry is signed afresh) and {@code webhook-signature}; an
 * endpoint's own headers are added but can never replace those, {@code Content-Type} or {@code
 * User-Agent}.
 *
 * <p>Unless its {@link TargetRules} allow private targets, the client resolves names through {@link
 * PublicAddressResolverGroup}, so an attempt never connects to a loopback, private, link-local or
 * multicast address, whatever DNS answers at that moment; such an attempt is {@code
 * blocked_address}. With {@code httpsOnly}, an {@code http://} endpoint is {@code https_required}.
 * Neither is ever sent.
 */
public final class WebhookSender implements AutoCloseable {
  static final String WEBHOOK_ID = "webhook-id";
  static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  static final String WEBHOOK_SIGNATURE = "webhook-signature";
  static final String X_WEBHOOK_ID = "X-Webhook-ID";

  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-length",
          "transfer-encoding",
          "host",
          "connection",
          "user-agent",
          "x-webhook-id");

  private final SenderConnections connections;
  private final WebClient client;
  private final Duration timeout;
  private final TargetRules rules;
  private final Clock clock;

  /**
   * @param timeout the whole attempt's deadline
   * @param maxConnectionsPerHost at most this many open connections to one endpoint host
   * @param rules which addresses and schemes may be reached
   */
  public WebhookSender(
      Duration timeout, int maxConnectionsPerHost, TargetRules rules, Clock clock) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
    this.rules = Objects.requireNonNull(rules, "rules");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.connections = new SenderConnections(timeout, maxConnectionsPerHost, rules.allowPrivate());
    this.client = connections.client();
  }

  /** A sender that may reach any address over http or https: for tests and local development. */
  public WebhookSender(Duration timeout, int maxConnectionsPerHost, Clock clock) {
    this(timeout, maxConnectionsPerHost, TargetRules.unrestricted(), clock);
  }

  /** A sender that may reach any address over http or https: for tests and local development. */
  public WebhookSender(Duration timeout, int maxConnectionsPerHost) {
    this(timeout, maxConnectionsPerHost, Clock.systemUTC());
  }

  /**
   * Where the sender may connect, checked at every attempt (a DNS answer can change between an
   * endpoint's creation and its deliveries: DNS rebinding).
   *
   * @param allowPrivate whether loopback, private, multicast and other non-public addresses may be
   *     connected to ({@code hookyard.dispatch.allow-private-targets}); link-local and cloud
   *     metadata addresses never may
   * @param httpsOnly whether plain {@code http://} endpoints are refused ({@code
   *     hookyard.dispatch.https-only})
   */
  public record TargetRules(boolean allowPrivate, boolean httpsOnly) {

    /** Any address, any scheme: for local development and tests against loopback receivers. */
    public static TargetRules unrestricted() {
      return new TargetRules(true, false);
    }

    /** What a server install runs with by default: public addresses only, http and https. */
    public static TargetRules publicOnly() {
      return new TargetRules(false, false);
    }
  }

  /**
   * One webhook as it goes on the wire.
   *
   * @param headers the endpoint's own headers
   * @param webhookId the stable {@code msg_…} id, the same on every retry
   * @param payload the body, sent as exactly these characters in UTF-8
   */
  public record Request(URI url, Map<String, String> headers, String webhookId, String payload) {
    public Request {
      Objects.requireNonNull(url, "url");
      headers = Map.copyOf(headers == null ? Map.of() : headers);
      Objects.requireNonNull(webhookId, "webhookId");
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
      return "Request[" + webhookId + " to " + url.getHost() + "]"; // never the body
    }
  }

  /** Sends {@code request} signed by {@code signer}; the result never errors. */
  public Mono<SendOutcome> send(Request request, WebhookSigner signer) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return Mono.defer(() -> exchange(request, signer, start))
              .timeout(timeout)
              .onErrorResume(e -> Mono.just(unreachable(Failures.codeOf(e), start)));
        });
  }

  /**
   * One vendor API request as it goes on the wire: no signature, the caller's headers (the vendor
   * token included) as given.
   *
   * @param body JSON text, or null for none
   * @param timeout this call's deadline (vendor APIs get longer than webhooks)
   */
  public record Call(
      String method, URI url, Map<String, String> headers, String body, Duration timeout) {
    public Call {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(url, "url");
      headers = Map.copyOf(headers == null ? Map.of() : headers);
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
      return "Call[" + method + " " + url.getHost() + url.getPath() + "]"; // never headers or body
    }
  }

  /**
   * A vendor's answer to a {@link Call}.
   *
   * @param status the HTTP status, or null when no answer came ({@code error} says why)
   * @param headers the answer's headers, names in lower case, first value each
   * @param body at most the first {@link #MAX_VENDOR_BODY} bytes of the answer
   * @param retryAfter the answer's {@code Retry-After}, when valid, else null
   */
  public record Answer(
      Integer status,
      Map<String, String> headers,
      String body,
      String error,
      Duration retryAfter,
      Duration elapsed) {}

  /** How much of a vendor answer is read: enough for a search result or an error list. */
  public static final int MAX_VENDOR_BODY = 256 * 1024;

  /** Sends one vendor API request; the result never errors (no answer is an {@link Answer}). */
  public Mono<Answer> exchange(Call call) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return Mono.defer(() -> vendorExchange(call, start))
              .timeout(call.timeout())
              .onErrorResume(
                  e ->
                      Mono.just(
                          new Answer(
                              null, Map.of(), null, Failures.codeOf(e), null, since(start))));
        });
  }

  private Mono<Answer> vendorExchange(Call call, long start) {
    String scheme = call.url().getScheme();
    if (call.url().getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      return Mono.just(new Answer(null, Map.of(), null, "invalid_url", null, since(start)));
    }
    if (rules.httpsOnly() && !"https".equalsIgnoreCase(scheme)) {
      return Mono.just(new Answer(null, Map.of(), null, "https_required", null, since(start)));
    }
    WebClient.RequestBodySpec spec =
        client
            .method(org.springframework.http.HttpMethod.valueOf(call.method()))
            .uri(call.url())
            .headers(
                h -> {
                  call.headers().forEach(h::set);
                  h.set(HttpHeaders.USER_AGENT, UserAgent.VALUE);
                  if (call.body() != null) {
                    h.setContentType(MediaType.APPLICATION_JSON);
                  }
                });
    WebClient.RequestHeadersSpec<?> ready =
        call.body() == null ? spec : spec.bodyValue(call.body().getBytes(StandardCharsets.UTF_8));
    return ready.exchangeToMono(
        response -> {
          Map<String, String> headers = new java.util.HashMap<>();
          response
              .headers()
              .asHttpHeaders()
              .forEach(
                  (name, values) -> {
                    if (!values.isEmpty()) {
                      headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                    }
                  });
          Duration retryAfter = RetryAfter.parse(headers.get("retry-after"), clock.instant());
          int status = response.statusCode().value();
          return BodyPrefix.read(response.bodyToFlux(DataBuffer.class), MAX_VENDOR_BODY)
              .map(
                  body ->
                      new Answer(
                          status, Map.copyOf(headers), body, null, retryAfter, since(start)));
        });
  }

  private Mono<SendOutcome> exchange(Request request, WebhookSigner signer, long start) {
    String scheme = request.url().getScheme();
    if (request.url().getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      return Mono.just(unreachable("invalid_url", start));
    }
    if (rules.httpsOnly() && !"https".equalsIgnoreCase(scheme)) {
      return Mono.just(unreachable("https_required", start));
    }
    byte[] body = request.payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    String signature = signer.sign(request.webhookId(), timestamp, body);
    return client
        .post()
        .uri(request.url())
        .headers(
            h -> {
              request.headers().forEach((name, value) -> setUnlessReserved(h, name, value));
              h.setContentType(MediaType.APPLICATION_JSON);
              h.set(HttpHeaders.USER_AGENT, UserAgent.VALUE);
              h.set(WEBHOOK_ID, request.webhookId());
              h.set(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
              h.set(WEBHOOK_SIGNATURE, signature);
              h.set(X_WEBHOOK_ID, request.webhookId());
            })
        .bodyValue(body)
        .exchangeToMono(response -> outcome(response, start));
  }

  private static void setUnlessReserved(HttpHeaders headers, String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("webhook-") && !RESERVED.contains(lower)) {
      headers.set(name, value);
    }
  }

  private Mono<SendOutcome> outcome(ClientResponse response, long start) {
    int status = response.statusCode().value();
    Duration retryAfter =
        RetryAfter.parse(
            response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), clock.instant());
    return BodyPrefix.read(response.bodyToFlux(DataBuffer.class), Attempt.MAX_RESPONSE_BODY)
        .map(
            body ->
                response.statusCode().is2xxSuccessful()
                    ? new SendOutcome.Delivered(status, body, since(start))
                    : SendOutcome.Rejected.of(status, body, since(start), retryAfter));
  }

  private static SendOutcome unreachable(String error, long start) {
    return new SendOutcome.Unreachable(error, since(start));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Closes idle connections and frees the pool. */
  @Override
  public void close() {
    connections.close();
  }
}
