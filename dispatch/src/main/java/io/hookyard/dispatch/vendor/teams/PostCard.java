package io.hookyard.dispatch.vendor.teams;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Teams {@code post_card}: an Adaptive Card to a Teams Workflows webhook ("Post to a channel when a
 * webhook request is received"), whose URL — its {@code sig=} is the only credential — is the
 * connection's sealed {@code webhook_url} (vendors.md §20.3).
 *
 * <ul>
 *   <li>Call: {@code POST <webhook_url>} {@code {"type": "message", "attachments": [{"contentType":
 *       "application/vnd.microsoft.card.adaptive", "contentUrl": null, "content": <card>}]}}, no
 *       other auth.
 *   <li>Answer: 202 with an empty body only means the flow was triggered (a card over 28 KB or a
 *       broken flow still answers 202); 400/404 (malformed or deleted flow), 401/403 are refused;
 *       429 and 5xx retried.
 *   <li>Idempotency: none; every accepted POST is a new channel message.
 * </ul>
 *
 * Input from a transform: an Adaptive Card ({@code {"type": "AdaptiveCard", …}}), a whole message
 * ({@code {"type": "message", "attachments": […]}}), or {@code {"text": "…"}}. Default: a card with
 * the event's type and subject as its title and up to ten of its plain fields as facts.
 */
final class PostCard implements Action {
  static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
  static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

  /** Well under the 28 KB Teams accepts. */
  static final int MAX_CARD = 25_000;

  @Override
  public String type() {
    return "teams";
  }

  @Override
  public String name() {
    return "post_card";
  }

  @Override
  public URI defaultBaseUrl() {
    return URI.create("https://teams.microsoft.com"); // unused: each connection has its own URL
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    String url = call.credential("webhook_url");
    if (url == null) {
      return Mono.just(
          new Result.Refused(null, "no_webhook_url: the connection has no webhook_url"));
    }
    URI target;
    try {
      target = new URI(url);
    } catch (URISyntaxException e) {
      return Mono.just(
          new Result.Refused(
              null, "invalid_webhook_url: the connection's webhook_url is not a URL"));
    }
    Object message = message(input);
    if (message == null) {
      return Mono.just(
          new Result.Refused(
              null, "invalid_input: the transform's output is neither a card, a message nor text"));
    }
    Request request = Request.json("POST", target, message);
    if (request.body() != null && request.body().length() > MAX_CARD) {
      return Mono.just(new Result.Refused(null, "card_too_large: Teams accepts at most 28 KB"));
    }
    return call.send(
            new Request(request.method(), request.url(), request.headers(), request.body(), false))
        .map(r -> Result.classify(r, "Teams", null));
  }

  /** The message to post for {@code input}, or null when a transform gave nothing usable. */
  static Object message(Input input) {
    if (!input.transformed()) {
      return wrap(defaultCard(input));
    }
    JsonNode data = input.data();
    String type = Input.text(data, "type");
    if ("message".equals(type) && data.path("attachments").isArray()) {
      return data;
    }
    if ("AdaptiveCard".equals(type)) {
      return wrap(data);
    }
    String text = data.isString() ? data.asString() : Input.text(data, "text");
    return text == null ? null : wrap(card(List.of(textBlock(text, false))));
  }

  static Map<String, Object> defaultCard(Input input) {
    List<Object> body = new ArrayList<>();
    body.add(textBlock(input.headline(), true));
    List<Object> facts = new ArrayList<>();
    Input.scalars(input.data(), 10)
        .forEach((name, value) -> facts.add(Map.of("title", name, "value", value)));
    if (!facts.isEmpty()) {
      body.add(Map.of("type", "FactSet", "facts", facts));
    }
    return card(body);
  }

  private static Map<String, Object> card(List<Object> body) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", SCHEMA);
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    return card;
  }

  private static Map<String, Object> textBlock(String text, boolean title) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "TextBlock");
    block.put("text", text);
    block.put("wrap", true);
    if (title) {
      block.put("weight", "Bolder");
      block.put("size", "Medium");
    }
    return block;
  }

  private static Map<String, Object> wrap(Object card) {
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", CARD_TYPE);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    return Map.of("type", "message", "attachments", List.of(attachment));
  }
}
