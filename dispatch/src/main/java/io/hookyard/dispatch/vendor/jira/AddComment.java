package io.hookyard.dispatch.vendor.jira;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Jira {@code add_comment}: {@code POST {base}/rest/api/3/issue/{issueIdOrKey}/comment} with {@code
 * {"body": <ADF>}} → 201 with the comment ({@code id}, {@code self}, {@code body}, {@code author},
 * {@code created}); the comment's id is the attempt's {@code vendor_object_id}. Writes to one issue
 * have their own limit ({@code RateLimit-Reason: jira-per-issue-on-write}), waited out like any
 * 429.
 *
 * <p>Idempotency: none, and comments are not searchable by a label. A try whose answer was lost (a
 * timeout) is tried again and may comment twice; an answer that refuses (400, 404) is not.
 *
 * <p>Input from a transform: {@code {"issue_key": "OPS-24", "body": "plain text" | <ADF doc>}}.
 * Default without a transform: the issue key from the event's {@code data.issue_key} (or {@code
 * data.jira_issue}), the body the event's type and subject, then up to ten plain fields.
 */
final class AddComment implements Action {
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*-\\d+|\\d+");
  private static final int MAX_FIELDS = 10;

  @Override
  public String type() {
    return "jira";
  }

  @Override
  public String name() {
    return "add_comment";
  }

  @Override
  public URI defaultBaseUrl() {
    return Jira.PER_CONNECTION;
  }

  @Override
  public Mono<Result> perform(Input input, Call call) {
    String base = Jira.base(call);
    if (base == null) {
      return Mono.just(Jira.noBase(call));
    }
    JsonNode data = input.data();
    String issue = Input.text(data, "issue_key", "issue", "jira_issue");
    if (issue == null || !KEY.matcher(issue).matches()) {
      return Mono.just(
          new Result.Refused(
              null, "invalid_input: no Jira issue key (such as OPS-24) in issue_key"));
    }
    Object body;
    if (input.transformed()) {
      JsonNode given = data.has("body") ? data.path("body") : data.path("text");
      if (given.isMissingNode()
          || given.isNull()
          || given.isString() && given.asString().isBlank()) {
        return Mono.just(
            new Result.Refused(null, "invalid_input: the transform's output has no body"));
      }
      body = Jira.adf(given);
    } else {
      StringBuilder text = new StringBuilder(input.headline()).append("\n\n");
      Input.scalars(data, MAX_FIELDS)
          .forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
      body = Jira.adf(text.toString());
    }
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("body", body);
    URI url =
        URI.create(
            base
                + "/rest/api/3/issue/"
                + URLEncoder.encode(issue, StandardCharsets.UTF_8)
                + "/comment");
    return call.send(Request.json("POST", url, comment))
        .map(r -> Jira.classify(r, "comment", r.ok() ? Input.text(r.json(), "id") : null));
  }
}
