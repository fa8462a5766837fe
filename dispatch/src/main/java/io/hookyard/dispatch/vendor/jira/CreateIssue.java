package io.hookyard.dispatch.vendor.jira;

import io.hookyard.dispatch.destination.Action;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Jira {@code create_issue}: {@code POST {base}/rest/api/3/issue} with {@code {"fields":
 * {"project": {"key"}, "issuetype": {"name"}, "summary", "description": <ADF>, "labels"}}} → 201
 * {@code {"id", "key", "self"}}; the key ({@code OPS-24}) is the attempt's {@code
 * vendor_object_id}. Project key and issue type ({@code Task} unless set) come from the endpoint's
 * settings.
 *
 * <p>No duplicate on retry. Jira has no idempotency key or upsert, so every issue carries the label
 * {@code hookyard-<webhook_id>} (stable across a delivery's tries), and each try first asks {@code
 * GET {base}/rest/api/3/search/jql?jql=project = "<key>" AND labels = "<label>"&fields=key
 * &maxResults=1}: an issue found is the earlier try's, and the try is done with its key. Jira's
 * search is eventually consistent (a new issue can be missing for seconds), so this holds for
 * retries that come after the index caught up — the endpoint's retry schedule (a second or more)
 * usually is; a retry inside that window can still create a second issue.
 *
 * <p>Input from a transform: {@code {"summary": "…", "description": "plain text" | <ADF doc>,
 * "labels": ["…"], "fields": {…more fields as Jira names them}}}. Default: the summary is the
 * event's type and subject ({@code invoice.paid inv_42}), the description up to ten of its plain
 * fields, one per line.
 */
final class CreateIssue implements Action {
  static final String ISSUE = "/rest/api/3/issue";
  static final String SEARCH = "/rest/api/3/search/jql";
  static final String LABEL_PREFIX = "hookyard-";
  private static final int MAX_SUMMARY = 255;
  private static final int MAX_FIELDS = 10;

  @Override
  public String type() {
    return "jira";
  }

  @Override
  public String name() {
    return "create_issue";
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
    String project = input.setting("project_key");
    String label = label(input.webhookId());
    Map<String, Object> fields;
    try {
      fields = fields(input, project, label);
    } catch (IllegalArgumentException e) {
      return Mono.just(new Result.Refused(null, "invalid_input: " + e.getMessage()));
    }
    return call.send(new Request("GET", search(base, project, label), Map.of(), null, true))
        .flatMap(
            found -> {
              if (!found.ok()) {
                return Mono.just(Jira.classify(found, "issue search", null));
              }
              String existing = Input.text(found.json().path("issues").path(0), "key");
              if (existing != null) {
                // an earlier try of this delivery created it; its answer was lost
                return Mono.just((Result) new Result.Done(found, existing));
              }
              return call.send(
                      Request.json("POST", URI.create(base + ISSUE), Map.of("fields", fields)))
                  .map(r -> Jira.classify(r, "issue", r.ok() ? Input.text(r.json(), "key") : null));
            });
  }

  /** The label that finds this delivery's issue again: {@code hookyard-<webhook_id>}. */
  static String label(String webhookId) {
    return LABEL_PREFIX + webhookId;
  }

  static URI search(String base, String project, String label) {
    String jql = "project = \"" + project + "\" AND labels = \"" + label + "\"";
    return URI.create(
        base
            + SEARCH
            + "?jql="
            + URLEncoder.encode(jql, StandardCharsets.UTF_8).replace("+", "%20")
            + "&fields=key&maxResults=1");
  }

  static Map<String, Object> fields(Input input, String project, String label) {
    JsonNode data = input.data();
    Map<String, Object> fields = new LinkedHashMap<>();
    if (input.transformed() && data.path("fields").isObject()) {
      for (Map.Entry<String, JsonNode> e : data.path("fields").properties()) {
        fields.put(e.getKey(), e.getValue());
      }
    }
    fields.put("project", Map.of("key", project));
    String issueType = input.setting("issue_type");
    fields.put("issuetype", Map.of("name", issueType == null ? "Task" : issueType));
    String summary;
    Object description;
    if (input.transformed()) {
      summary = data.isString() ? data.asString() : Input.text(data, "summary", "title");
      if (summary == null) {
        throw new IllegalArgumentException("the transform's output has no summary");
      }
      JsonNode given = data.path("description");
      description = given.isMissingNode() || given.isNull() ? null : Jira.adf(given);
    } else {
      summary = input.headline();
      StringBuilder text = new StringBuilder();
      Input.scalars(data, MAX_FIELDS)
          .forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
      description = text.isEmpty() ? null : Jira.adf(text.toString());
    }
    // Jira refuses a summary over 255 characters or with a line break
    summary = summary.replaceAll("[\\r\\n]+", " ").strip();
    fields.put(
        "summary", summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY) : summary);
    if (description != null) {
      fields.put("description", description);
    }
    List<String> labels = new ArrayList<>();
    for (JsonNode l : data.path("labels")) {
      if (input.transformed() && l.isString() && !l.asString().isBlank()) {
        labels.add(l.asString().replace(' ', '_')); // labels cannot hold spaces
      }
    }
    labels.add(label);
    fields.put("labels", labels);
    return fields;
  }
}
