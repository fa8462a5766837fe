package io.hookyard.dispatch.destination;

import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.connection.AccessToken;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.delivery.Attempt;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * One delivery's calls through its connection ({@link Destinations}): the token (refreshed once on
 * a 401), the connection's budget before each request (429s and quota headers feed it), and what
 * the answers may show once the connection's secrets and tokens are removed.
 */
final class ConnectionCall implements Action.Call {
  /**
   * A budget wait longer than this (a vendor's long pause: a daily quota, a Retry-After in minutes)
   * parks the delivery instead of holding its lane slot. Shorter waits, the connection's spacing
   * among them, are waited out in the lane: a reserved slot is then always used, and the lane sees
   * a slower vendor and parks its own backlog as it does for any slow endpoint.
   */
  private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

  /** How long a 429 without a Retry-After pauses the connection. */
  static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(10);

  /**
   * No token came (the refresh did not answer in time, or asking for it failed): a failed try,
   * retried on the endpoint's schedule.
   */
  static final class TokenUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenUnavailable() {
      super("token unavailable", null, false, false);
    }
  }

  /** The connection's budget asks for a wait longer than a lane should hold a delivery. */
  static final class BudgetWait extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration wait;

    BudgetWait(Duration wait) {
      super("budget wait", null, false, false);
      this.wait = wait;
    }

    Duration pause() {
      return wait;
    }
  }

  private final ConnectionConfig connection;
  private final URI base;
  private final ConnectionBudgets.Budget budget;
  private final AtomicReference<Map<String, String>> credentials = new AtomicReference<>();
  private final List<String> secrets = new ArrayList<>();
  private final ConnectionAccess connections;
  private final WebhookSender http;
  private final Duration timeout;
  private volatile Duration elapsed = Duration.ZERO;

  ConnectionCall(
      ConnectionConfig connection,
      URI base,
      ConnectionAccess connections,
      WebhookSender http,
      Duration timeout) {
    this.connection = connection;
    this.base = base;
    this.connections = connections;
    this.http = http;
    this.timeout = timeout;
    this.budget = connections.budget(connection);
  }

  @Override
  public URI base() {
    return base;
  }

  @Override
  public String connectionSetting(String name) {
    return connection.setting(name);
  }

  @Override
  public String authType() {
    return connection.authType();
  }

  @Override
  public String credential(String name) {
    Map<String, String> opened = credentials.get();
    if (opened == null) {
      opened = connections.credentials(connection);
      credentials.set(opened);
      synchronized (secrets) {
        secrets.addAll(opened.values());
      }
    }
    return opened.get(name);
  }

  @Override
  public Mono<Action.Response> send(Action.Request request) {
    if (!request.bearer()) {
      return budgeted(at(request, null), null);
    }
    return Mono.fromFuture(() -> connections.token(connection))
        .onErrorMap(e -> !ConnectionAccess.authorizationRequired(e), e -> new TokenUnavailable())
        .flatMap(
            token ->
                budgeted(at(request, token), token.value())
                    .flatMap(
                        answer ->
                            answer.status() != null && answer.status() == 401
                                ? Mono.fromFuture(
                                        () -> connections.refused(connection, token.revision()))
                                    .flatMap(fresh -> budgeted(at(request, fresh), fresh.value()))
                                    .onErrorResume(
                                        e -> !ConnectionAccess.authorizationRequired(e),
                                        e -> Mono.just(answer))
                                : Mono.just(answer)));
  }

  /**
   * A request with a relative URL goes to the host the token answer named (Salesforce's {@code
   * instance_url}), else to the base URL; an absolute one as it is.
   */
  private Action.Request at(Action.Request request, AccessToken token) {
    if (request.url().isAbsolute()) {
      return request;
    }
    String host =
        token != null && token.instanceUrl() != null ? token.instanceUrl() : base.toString();
    String root = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    return new Action.Request(
        request.method(),
        URI.create(root + request.url()),
        request.headers(),
        request.body(),
        request.bearer());
  }

  private Mono<Action.Response> budgeted(Action.Request request, String token) {
    return Mono.defer(
        () -> {
          Duration wait = budget.reserve();
          if (wait.compareTo(LONGEST_HOLD) > 0) {
            return Mono.error(new BudgetWait(wait));
          }
          Mono<Action.Response> sent = once(request, token);
          return wait.isZero() ? sent : Mono.delay(wait).then(sent);
        });
  }

  private Mono<Action.Response> once(Action.Request request, String token) {
    Map<String, String> headers = new HashMap<>(request.headers());
    if (token != null) {
      headers.put(
          "Authorization", ("basic".equals(connection.authType()) ? "Basic " : "Bearer ") + token);
      synchronized (secrets) {
        secrets.add(token);
      }
    }
    return http.exchange(
            new WebhookSender.Call(
                request.method(), request.url(), headers, request.body(), timeout))
        .map(
            a -> {
              elapsed = elapsed.plus(a.elapsed());
              Action.Response response =
                  new Action.Response(
                      a.status(), a.headers(), a.body(), a.error(), a.retryAfter(), a.elapsed());
              budget.observe(response::header);
              if (a.status() != null
                  && (a.status() == 429 || a.status() == 503 && a.retryAfter() != null)) {
                // a 503 with Retry-After (Jira, Graph) is the vendor asking the same as a 429;
                // a 429 without one (HubSpot documents none) pauses for the default
                budget.throttled(a.retryAfter() == null ? DEFAULT_THROTTLE : a.retryAfter());
              }
              return response;
            });
  }

  /** The time this delivery's calls took so far. */
  Duration elapsed() {
    return elapsed;
  }

  String redact(String body) {
    List<String> known;
    synchronized (secrets) {
      known = List.copyOf(secrets);
    }
    return Redaction.redact(body, known, Attempt.MAX_RESPONSE_BODY);
  }
}
