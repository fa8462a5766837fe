package io.hookyard.dispatch.vendor.msgraph;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph {@code send_mail}: {@code POST {base}/v1.0/users/{from}/sendMail} (vendors.md
 * §20.7, §7) as the mailbox in {@code settings.from} (a user id or principal name), with a token
 * from the connection's client-credentials grant (application permission {@code Mail.Send}).
 *
 * <ul>
 *   <li>Body: {@code {"message": {"subject", "body": {"contentType": "Text"|"HTML", "content"},
 *       "toRecipients": [{"emailAddress": {"address"}}], "ccRecipients"?, "internetMessageHeaders":
 *       [{"name": "x-hookyard-delivery", "value": <webhook_id>}]}, "saveToSentItems"?}}.
 *   <li>Answer: 202 Accepted with no body and no message id (nothing for {@code vendor_object_id}).
 *       Errors {@code {"error": {"code", "message", "innerError"}}}: 400 ({@code
 *       ErrorInvalidRecipients}, …), 403 ({@code ErrorAccessDenied}: no {@code Mail.Send} consent
 *       or the mailbox is outside the app's scope), 404 ({@code ErrorInvalidUser}) are refused.
 *   <li>Throttling: 429 and 503 with {@code Retry-After} seconds (Outlook: 10,000 requests per 10
 *       minutes and 4 concurrent requests per app and mailbox), waited out in the connection's
 *       budget; 401 ({@code InvalidAuthenticationToken}) gets one fresh token from the engine.
 * </ul>
 *
 * <p>Sending twice: Graph has no idempotency key, and a request it received may have sent the mail
 * even when no answer came back. So a try is repeated only when the request provably did not reach
 * Graph or Graph says it did not act on it: no connection (refused, connect timeout, DNS, TLS),
 * 429, 503, 401. Any other failure — a timeout after sending, a dropped connection, 500, 502, 504 —
 * is dead-lettered at once as {@code mail_outcome_unknown}, to be replayed by a person who checked
 * the recipient's inbox. The {@code x-hookyard-delivery} header lets a receiver spot a duplicate.
 *
 * <p>Input from a transform: {@code {"subject", "body": "text" | {"contentType", "content"},
 * "content_type"?: "HTML", "to": "a@x" | ["a@x", …] (or Graph's "toRecipients"), "cc"?,
 * "save_to_sent_items"?: false}}. Default without a transform: to {@code data.email}, the subject
 * the event's type and subject, the body up to ten of its plain fields.
 */
final class SendMail implements Action {
  static final String HEADER = "x-hookyard-delivery";
  private static final int MAX_FIELDS = 10;
  private static final int MAX_MESSAGE = 300;

  /** No answer, and provably no request at Graph: trying again cannot send twice. */
  private static final Set<String> NOT_SENT =
      Set.of("connection_refused", "connect_timeout", "dns_error", "tls_error", "blocked_address");

  @Override
  public String type() {
    return "ms-graph";
  }

  @Override
  public String name() {
    return "send_mail";
  }

  @Override
  public URI defaultBaseUrl() {
    return URI.create("https://graph.microsoft.com");
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    Map<String, Object> message;
    try {
      message = message(input);
    } catch (IllegalArgumentException e) {
      return Mono.just(new Result.Refused(null, "invalid_input: " + e.getMessage()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    JsonNode save = input.data().path("save_to_sent_items");
    if (input.transformed() && save.isBoolean()) {
      body.put("saveToSentItems", save.asBoolean());
    }
    String base = call.base().toString().replaceAll("/+$", "");
    URI url =
        URI.create(
            base
                + "/v1.0/users/"
                + URLEncoder.encode(input.setting("from"), StandardCharsets.UTF_8)
                + "/sendMail");
    return call.send(Request.json("POST", url, body)).map(SendMail::classify);
  }

  static Map<String, Object> message(Input input) {
    JsonNode data = input.data();
    Map<String, Object> message = new LinkedHashMap<>();
    String subject;
    Map<String, Object> body = new LinkedHashMap<>();
    if (input.transformed()) {
      subject = Input.text(data, "subject");
      JsonNode given = data.path("body");
      if (given.isObject()) {
        body.put("contentType", given.path("contentType").asString("Text"));
        body.put("content", given.path("content").asString(""));
      } else {
        String type = Input.text(data, "content_type", "contentType");
        body.put("contentType", "html".equalsIgnoreCase(type) ? "HTML" : "Text");
        body.put("content", given.isValueNode() && !given.isNull() ? given.asString() : "");
      }
    } else {
      subject = input.headline();
      StringBuilder text = new StringBuilder();
      Input.scalars(data, MAX_FIELDS)
          .forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
      body.put("contentType", "Text");
      body.put("content", text.toString());
    }
    List<Object> to = recipients(data, "to", "toRecipients");
    if (to.isEmpty()) {
      throw new IllegalArgumentException("no recipients (give \"to\" in the transform)");
    }
    message.put("subject", subject == null ? "" : subject);
    message.put("body", body);
    message.put("toRecipients", to);
    List<Object> cc = input.transformed() ? recipients(data, "cc", "ccRecipients") : List.of();
    if (!cc.isEmpty()) {
      message.put("ccRecipients", cc);
    }
    message.put(
        "internetMessageHeaders", List.of(Map.of("name", HEADER, "value", input.webhookId())));
    return message;
  }

  /** Recipients from plain addresses ({@code to}: text or list) or Graph's own shape. */
  private static List<Object> recipients(JsonNode data, String plain, String graph) {
    List<Object> out = new ArrayList<>();
    JsonNode given = data.path(plain);
    if (plain.equals("to") && given.isMissingNode()) {
      given = data.path("email");
    }
    if (given.isString()) {
      for (String address : given.asString().split("[,;]")) {
        if (!address.isBlank()) {
          out.add(Map.of("emailAddress", Map.of("address", address.strip())));
        }
      }
    } else if (given.isArray()) {
      for (JsonNode a : given) {
        if (a.isString() && !a.asString().isBlank()) {
          out.add(Map.of("emailAddress", Map.of("address", a.asString().strip())));
        }
      }
    }
    for (JsonNode r : data.path(graph)) {
      if (r.path("emailAddress").path("address").isString()) {
        out.add(r);
      }
    }
    return out;
  }

  static Result classify(Response r) {
    if (r.status() == null) {
      return NOT_SENT.contains(r.error())
          ? new Result.Retry(r, r.error())
          : new Result.Refused(r, unknown(r.error()));
    }
    int status = r.status();
    if (r.ok() || status == 429 || status == 401) {
      return Result.classify(r, "Graph", null);
    }
    if (status == 503) {
      return new Result.Throttled(r, r.retryAfter());
    }
    if (status == 408 || status >= 500) {
      return new Result.Refused(r, unknown("http_" + status));
    }
    JsonNode error = r.json().path("error");
    String code = Input.text(error, "code");
    String message = Input.text(error, "message");
    StringBuilder reason = new StringBuilder(code == null ? "http_" + status : code);
    reason.append(": Graph refused the mail");
    if (status == 403) {
      reason.append(" (the app lacks Mail.Send for this mailbox)");
    } else if (status == 404) {
      reason.append(" (no such mailbox)");
    }
    if (message != null) {
      reason
          .append(": ")
          .append(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    }
    return new Result.Refused(r, reason.toString());
  }

  private static String unknown(String why) {
    return "mail_outcome_unknown: "
        + why
        + " after the request reached Graph, which may have sent the mail; not retried to avoid"
        + " sending it twice (replay the dead letter if it did not arrive)";
  }
}
