package io.hookyard.dispatch.vendor.http;

import io.hookyard.dispatch.destination.Action;
import io.hookyard.schemas.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * HTTP {@code request}: one call to any API, authorized by the connection ({@code Authorization:
 * Bearer} with a client-credentials token fetched from the connection's {@code token_url}, or its
 * static {@code access_token}).
 *
 * <ul>
 *   <li>Settings: {@code url} (required; {@code {field.path}} placeholders are filled from the
 *       delivery's body, URL-encoded, e.g. {@code https://api.example.com/orders/{data.id}}),
 *       {@code method} ({@code POST} by default), {@code headers} (never {@code Authorization}).
 *   <li>Body: the delivery's body as JSON (the transform's output, or the event); none for {@code
 *       GET} and {@code DELETE}.
 *   <li>Answer: 2xx done (the answer's {@code id}, when it has one, is the {@code
 *       vendor_object_id}); 429 waited out; 408 and 5xx retried; other 4xx refused.
 *   <li>Idempotency: whatever the API offers; a {@code PUT} to a URL built from the record's id is
 *       naturally idempotent. Every request carries {@code Idempotency-Key: <webhook_id>}, stable
 *       across retries, for APIs that honour one.
 * </ul>
 */
final class HttpRequest implements Action {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.\\-]+)\\}");

  @Override
  public String type() {
    return "http";
  }

  @Override
  public String name() {
    return "request";
  }

  @Override
  public URI defaultBaseUrl() {
    return URI.create("http://localhost"); // unused: the URL is a setting
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    String method =
        input.setting("method") == null ? "POST" : input.setting("method").toUpperCase(Locale.ROOT);
    URI url;
    try {
      url = URI.create(url(input.setting("url"), input.body()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Mono.just(
          new Result.Refused(null, "invalid_url: the url setting does not make a URL"));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (input.settings().get("headers") instanceof Map<?, ?> given) {
      given.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
    }
    headers.put("Idempotency-Key", input.webhookId());
    boolean withBody = !method.equals("GET") && !method.equals("DELETE");
    String body = withBody ? Json.writeString(input.body()) : null;
    return call.send(new Request(method, url, headers, body, true))
        .map(r -> Result.classify(r, "the API", r.ok() ? Input.text(r.json(), "id") : null));
  }

  /** {@code template} with each {@code {a.b}} replaced by that field of {@code body}, encoded. */
  static String url(String template, JsonNode body) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode node = body;
      for (String part : m.group(1).split("\\.")) {
        node = node.path(part);
      }
      String value = node.isValueNode() && !node.isNull() ? node.asString() : "";
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
