package io.hookyard.ingest.sync;

import io.hookyard.ingest.poll.VendorCalls;
import io.hookyard.schemas.config.ConnectionConfig;
import io.hookyard.schemas.connection.AccessToken;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

/**
 * {@link VendorCalls} for one run of one sync. Every call first takes a slot of the connection's
 * budget — or fails the run when the vendor's daily allocation is used to the connection's share
 * ({@code max_api_share}, Salesforce) — then goes out with the connection's current token and the
 * 30 s timeout, a relative path to the host the token answer named ({@code instance_url}) or else
 * to the connection's base URL. A 429 (or a 503 with {@code Retry-After}) pauses the whole
 * connection for as long as the vendor says and is tried again without counting as a failure; a 401
 * asks for a refreshed token once; 5xx answers and timeouts are tried again with backoff. Failures
 * are told in our words: a vendor's error body can quote credentials.
 */
final class HttpVendorCalls implements VendorCalls {
  private static final int MAX_THROTTLES = 30;

  private final WebClient http;
  private final URI base;
  private final ConnectionConfig connection;
  private final ConnectionTokens tokens;
  private final ConnectionBudgets.Budget budget;
  private final SyncSettings settings;
  private final Duration timeout;
  private final RunCounters counters;
  private final Scheduler timer;
  private final java.util.Set<Integer> judged;
  private final java.util.function.Function<String, Map<String, String>> authorization;

  HttpVendorCalls(
      WebClient http,
      URI base,
      ConnectionConfig connection,
      ConnectionTokens tokens,
      ConnectionBudgets.Budget budget,
      SyncSettings settings,
      Duration timeout,
      RunCounters counters,
      Scheduler timer,
      java.util.Set<Integer> judged,
      java.util.function.Function<String, Map<String, String>> authorization) {
    this.http = http;
    this.base = base;
    this.connection = connection;
    this.tokens = tokens;
    this.budget = budget;
    this.settings = settings;
    this.timeout = timeout;
    this.counters = counters;
    this.timer = timer;
    this.judged = judged;
    this.authorization = authorization;
  }

  @Override
  public Mono<Response> send(
      String method, String url, Map<String, String> headers, JsonNode body) {
    return attempt(new Call(method, url, headers, body), 0, 0, false);
  }

  /** {@code url} as the poller gave it: absolute, or relative to the connection's API host. */
  private record Call(String method, String url, Map<String, String> headers, JsonNode body) {}

  /**
   * Where a call goes: an absolute URL as given; a path on the host the token answer named
   * (Salesforce's {@code instance_url}) or else on the connection's base URL.
   */
  private URI target(Call call, AccessToken token) {
    String url = call.url();
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return URI.create(url);
    }
    String host = token.instanceUrl() != null ? token.instanceUrl() : base.toString();
    return URI.create(strip(host) + url);
  }

  private Mono<Response> attempt(Call call, int failures, int throttles, boolean refreshed) {
    return Mono.defer(
            () -> {
              var spent = budget.allocationSpent();
              if (spent.isPresent()) {
                // the vendor's daily allocation is used to the connection's share: stop, not wait
                return Mono.error(new VendorFailure(connection.vendor() + ": " + spent.get()));
              }
              Duration wait = budget.reserve();
              Mono<Long> slot = wait.isZero() ? Mono.just(0L) : Mono.delay(wait, timer);
              return slot.then(Mono.fromFuture(() -> tokens.token(connection.id())));
            })
        .flatMap(token -> exchange(call, token).map(r -> new Answer(r, token)))
        .onErrorResume(
            e ->
                e instanceof TimeoutException
                    || e instanceof java.io.IOException
                    || e.getClass()
                        .getName()
                        .startsWith("org.springframework.web.reactive.function.client"),
            e -> Mono.just(new Answer(null, null)))
        .flatMap(answer -> judge(call, answer, failures, throttles, refreshed));
  }

  private record Answer(Response response, AccessToken token) {}

  private Mono<Response> judge(
      Call call, Answer answer, int failures, int throttles, boolean refreshed) {
    Response response = answer.response();
    if (response == null || response.status() >= 500 && !throttled(response)) {
      if (failures >= settings.retries()) {
        return Mono.error(
            new VendorFailure(
                connection.vendor()
                    + (response == null
                        ? " could not be reached (timeout or connection failure)"
                        : " answered HTTP " + response.status())
                    + " "
                    + (failures + 1)
                    + " times"));
      }
      Duration backoff = Duration.ofSeconds(1L << Math.min(failures, 5));
      return Mono.delay(backoff, timer).then(attempt(call, failures + 1, throttles, refreshed));
    }
    if (throttled(response)) {
      counters.throttled(connection.vendor());
      budget.throttled(retryAfter(response));
      if (throttles >= MAX_THROTTLES) {
        return Mono.error(new VendorFailure(connection.vendor() + " kept throttling the sync"));
      }
      return attempt(call, failures, throttles + 1, refreshed);
    }
    if (response.status() == 401) {
      if (refreshed) {
        return Mono.error(
            new VendorFailure(connection.vendor() + " refused a freshly refreshed token"));
      }
      return Mono.fromFuture(() -> tokens.refused(connection.id(), answer.token().revision()))
          .then(attempt(call, failures, throttles, true));
    }
    if (response.ok() || judged.contains(response.status())) {
      return Mono.just(response);
    }
    return Mono.error(
        new VendorFailure(
            connection.vendor() + " refused the request (HTTP " + response.status() + ")"));
  }

  private Mono<Response> exchange(Call call, AccessToken token) {
    WebClient.RequestBodySpec spec =
        http.method(HttpMethod.valueOf(call.method()))
            .uri(target(call, token))
            .accept(MediaType.APPLICATION_JSON);
    authorization.apply(token.value()).forEach(spec::header);
    call.headers().forEach(spec::header);
    WebClient.RequestHeadersSpec<?> ready =
        call.body() == null
            ? spec
            : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(Json.write(call.body()));
    return ready
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(byte[].class)
                    .defaultIfEmpty(new byte[0])
                    .map(
                        bytes -> {
                          counters.request(connection.vendor());
                          var headers = response.headers().asHttpHeaders();
                          budget.observe(headers::getFirst);
                          return new Response(
                              response.statusCode().value(), parse(bytes), headers::getFirst);
                        }))
        .timeout(timeout, timer);
  }

  private boolean throttled(Response response) {
    return response.status() == 429
        || response.status() == 503 && response.header().apply("Retry-After") != null;
  }

  private Duration retryAfter(Response response) {
    String value = response.header().apply("Retry-After");
    if (value != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
      } catch (NumberFormatException e) {
        // an HTTP date: rare from these vendors; fall through to the default
      }
    }
    String interval = response.header().apply("X-HubSpot-RateLimit-Interval-Milliseconds");
    if (interval != null && interval.chars().allMatch(Character::isDigit)) {
      return Duration.ofMillis(Long.parseLong(interval));
    }
    return settings.throttleWait();
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      return Json.tree(bytes);
    } catch (RuntimeException e) {
      return Json.mapper().createObjectNode();
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
