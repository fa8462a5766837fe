package io.hookyard.dispatch.vendor.slack;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Slack {@code post_message}: {@code chat.postMessage} to the channel in the endpoint's settings
 * (vendors.md §20.2).
 *
 * <ul>
 *   <li>Call: {@code POST {base}/api/chat.postMessage}, {@code Authorization: Bearer xoxb-…}, JSON
 *       {@code {"channel", "text", "blocks"?, "thread_ts"?}}.
 *   <li>Answer: HTTP 200 with {@code ok: true} and {@code channel} + {@code ts} (the message's id,
 *       recorded as {@code channel/ts}); errors are HTTP 200 with {@code ok: false, error: code}.
 *   <li>Throttling: HTTP 429 + {@code Retry-After} seconds, {@code error: ratelimited}; about one
 *       message per second per channel.
 *   <li>Idempotency: none. A retry after a timeout may post twice; the attempt log names the
 *       message that was posted.
 * </ul>
 *
 * Input from a transform: {@code {"text": "…", "blocks": [...], "thread_ts": "…"}} (text or blocks
 * required). Default: a readable summary of the event: its type and subject in bold, then up to ten
 * of its plain fields, one per line.
 */
final class PostMessage implements Action {
  static final String PATH = "/api/chat.postMessage";
  private static final int MAX_FIELDS = 10;

  /** Errors that trying again later can fix; every other {@code ok: false} is a refusal. */
  private static final Set<String> RETRYABLE =
      Set.of(
          "internal_error",
          "request_timeout",
          "service_unavailable",
          "team_added_to_org",
          "org_login_required");

  private static final Set<String> THROTTLED = Set.of("ratelimited", "rate_limited");

  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("channel_not_found", "the channel does not exist or the app cannot see it"),
          Map.entry("not_in_channel", "the app is not a member of the channel"),
          Map.entry("is_archived", "the channel is archived"),
          Map.entry("msg_too_long", "the message text is too long"),
          Map.entry("no_text", "the message has no text or blocks"),
          Map.entry("invalid_blocks", "the Block Kit blocks are not valid"),
          Map.entry("invalid_auth", "the connection's Slack token is not valid"),
          Map.entry("not_authed", "the connection's Slack token is missing"),
          Map.entry("token_revoked", "the connection's Slack token was revoked"),
          Map.entry("account_inactive", "the Slack account behind the token is inactive"),
          Map.entry("missing_scope", "the Slack token lacks the chat:write scope"),
          Map.entry(
              "fatal_error",
              "Slack failed in a way that may have posted the message; not retried, to avoid a"
                  + " duplicate"));

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public String name() {
    return "post_message";
  }

  @Override
  public URI defaultBaseUrl() {
    return URI.create("https://slack.com");
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> message = message(input);
    if (message == null) {
      return Mono.just(
          new Result.Refused(
              null, "invalid_input: the transform's output has neither text nor blocks"));
    }
    return call.send(Request.json("POST", call.base().resolve(PATH), message))
        .map(PostMessage::classify);
  }

  /** The {@code chat.postMessage} body for {@code input}, or null when it has nothing to post. */
  static Map<String, Object> message(Input input) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("channel", input.setting("channel"));
    if (!input.transformed()) {
      message.put("text", summary(input));
      return message;
    }
    JsonNode data = input.data();
    String text = data.isString() ? data.asString() : Input.text(data, "text");
    JsonNode blocks = data.path("blocks");
    if (text == null && !blocks.isArray()) {
      return null;
    }
    if (text != null) {
      message.put("text", text);
    }
    if (blocks.isArray()) {
      message.put("blocks", blocks);
    }
    String thread = Input.text(data, "thread_ts");
    if (thread != null) {
      message.put("thread_ts", thread);
    }
    return message;
  }

  /** The default text: {@code *invoice.paid* inv_42} and a line per plain field. */
  static String summary(Input input) {
    StringBuilder text = new StringBuilder("*").append(input.headline()).append('*');
    Input.scalars(input.data(), MAX_FIELDS)
        .forEach((name, value) -> text.append('\n').append(name).append(": ").append(value));
    return text.toString();
  }

  static Result classify(Response r) {
    if (r.status() == null || r.status() != 200) {
      return Result.classify(r, "Slack", null);
    }
    JsonNode body = r.json();
    if (body.path("ok").asBoolean(false)) {
      String channel = Input.text(body, "channel");
      String ts = Input.text(body, "ts");
      return new Result.Done(r, channel == null || ts == null ? ts : channel + "/" + ts);
    }
    String error = body.path("error").asString("unknown_error");
    if (THROTTLED.contains(error)) {
      return new Result.Throttled(r, r.retryAfter());
    }
    if (RETRYABLE.contains(error)) {
      return new Result.Retry(r, "slack_" + error);
    }
    return new Result.Refused(
        r, error + ": " + REASONS.getOrDefault(error, "Slack refused the message"));
  }
}
