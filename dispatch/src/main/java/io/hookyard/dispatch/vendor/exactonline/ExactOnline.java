package io.hookyard.dispatch.vendor.exactonline;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.dispatch.destination.Action.Response;
import io.hookyard.dispatch.destination.Action.Result;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What Exact Online's REST write calls share (vendors.md §11, §20.6).
 *
 * <ul>
 *   <li>Base {@code https://start.exactonline.nl} (country hosts differ: set {@code
 *       hookyard.connections.vendors.exact-online.base-url}); every path is {@code
 *       /api/v1/{division}/…} with the connection's {@code settings.division}; {@code
 *       Authorization: Bearer}, JSON, OData v2 answers {@code {"d": …}}.
 *   <li>Limits: 60 calls per minute per division and 5,000 per day, in {@code
 *       X-RateLimit-Minutely-Remaining/-Reset} and {@code X-RateLimit-Remaining/-Reset} (Unix
 *       milliseconds; the connection's budget reads them, shared with the connection's syncs); 429
 *       when spent, without {@code Retry-After}: wait for the minutely reset.
 *   <li>Errors: {@code {"error": {"code": "", "message": {"lang": "", "value": "…"}}}}. 400, 403,
 *       404 are the input's fault and refused at once — each one counts toward Exact's "10 errors
 *       per key, user, division and endpoint per hour" that blocks the key, so never retried; 401
 *       refreshes the token once (the engine); 429, 5xx and no answer are retried.
 *   <li>Tokens: access tokens live 10 minutes; refresh tokens are single-use, refreshed by control
 *       one at a time per connection.
 * </ul>
 */
final class ExactOnline {
  static final URI BASE = URI.create("https://start.exactonline.nl");
  static final String VENDOR = "exact-online";
  private static final int MAX_MESSAGE = 200;

  private ExactOnline() {}

  /** {@code {base}/api/v1/{division}/{path}}, or null when the connection names no division. */
  static URI url(Action.Call call, String pathAndQuery) {
    String division = call.connectionSetting("division");
    if (division == null || division.isBlank()) {
      return null;
    }
    String base = call.base().toString().replaceFirst("/+$", "");
    return URI.create(base + "/api/v1/" + division.strip() + "/" + pathAndQuery);
  }

  /** An OData string literal, quotes doubled ({@code 'O''Brien BV'}), URL-encoded. */
  static String literal(String value) {
    return encode("'" + value.replace("'", "''") + "'");
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An answer read the Exact way: 2xx done with {@code objectId}, errors in our words. */
  static Result classify(Response r, String what, String objectId) {
    if (r.status() != null && r.status() == 429) {
      return new Result.Throttled(r, throttleWait(r));
    }
    if (r.status() == null || r.ok() || r.status() >= 500 || r.status() == 401) {
      return Result.classify(r, "Exact Online", objectId);
    }
    if (r.status() == 408) {
      return Result.classify(r, "Exact Online", objectId);
    }
    return new Result.Refused(r, refusal(r, what));
  }

  /** {@code Retry-After} when given, else until {@code X-RateLimit-Minutely-Reset}. */
  static Duration throttleWait(Response r) {
    if (r.retryAfter() != null) {
      return r.retryAfter();
    }
    String reset = r.header("X-RateLimit-Minutely-Reset");
    try {
      long millis = reset == null ? 0 : Long.parseLong(reset.trim());
      Duration wait = Duration.between(Instant.now(), Instant.ofEpochMilli(millis));
      return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code http_400: Exact Online refused the account: <error.message.value>}. */
  static String refusal(Response r, String what) {
    JsonNode message = r.json().path("error").path("message");
    String value =
        message.isObject()
            ? Action.Input.text(message, "value")
            : Action.Input.text(r.json().path("error"), "message");
    StringBuilder reason =
        new StringBuilder("http_")
            .append(r.status())
            .append(": Exact Online refused the ")
            .append(what);
    if (value != null) {
      reason
          .append(": ")
          .append(value.length() > MAX_MESSAGE ? value.substring(0, MAX_MESSAGE) : value);
    }
    return reason.toString();
  }

  /** The first record of an OData v2 collection answer ({@code d.results[0]}), or missing. */
  static JsonNode first(Response r) {
    JsonNode d = r.json().path("d");
    return d.has("results") ? d.path("results").path(0) : d.path(0);
  }
}
