package io.hookyard.app.support.vendor.jira;

import io.hookyard.app.support.vendor.VendorFake.Answer;
import io.hookyard.app.support.vendor.VendorFake.Call;
import io.hookyard.app.support.vendor.jira.JiraFake.Issue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The issues of {@link JiraFake}'s one project and what Jira's REST v3 does with them: create with
 * Jira's validation, comments, and a JQL search that shows a new issue only after the index lag.
 */
final class JiraIssues {
  private static final Set<String> ISSUE_TYPES = Set.of("Task", "Bug", "Story");
  private static final Pattern JQL_EQ = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");
  private static final String PROJECT = JiraFake.PROJECT;

  private final String baseUrl;
  private final AtomicLong ids = new AtomicLong(10000);
  private final AtomicLong commentIds = new AtomicLong(20000);
  final Map<String, Issue> issues = new ConcurrentHashMap<>();
  volatile Duration indexLag = Duration.ofMillis(300);
  volatile Duration delayNextCreate;

  JiraIssues(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  synchronized void reset() {
    issues.clear();
    indexLag = Duration.ofMillis(300);
    delayNextCreate = null;
  }

  synchronized String add(String summary) {
    String id = Long.toString(ids.incrementAndGet());
    String key = PROJECT + "-" + (issues.size() + 1);
    var fields = io.hookyard.schemas.json.Json.mapper().createObjectNode().put("summary", summary);
    issues.put(key, new Issue(id, key, fields, Instant.now(), new ConcurrentHashMap<>()));
    return key;
  }

  Answer search(Call call) {
    String jql = "";
    for (String pair : call.query() == null ? new String[0] : call.query().split("&")) {
      if (pair.startsWith("jql=")) {
        jql = java.net.URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
      }
    }
    Map<String, String> eq = new LinkedHashMap<>();
    Matcher m = JQL_EQ.matcher(jql);
    while (m.find()) {
      eq.put(m.group(1), m.group(2));
    }
    if (eq.isEmpty()) {
      return error(400, List.of("Unbounded JQL queries are not allowed here."), Map.of());
    }
    if (eq.containsKey("project") && !eq.get("project").equals(PROJECT)) {
      return error(
          400,
          List.of("The value '" + eq.get("project") + "' does not exist for the field 'project'."),
          Map.of());
    }
    Instant visible = Instant.now().minus(indexLag);
    List<Map<String, Object>> found = new ArrayList<>();
    for (Issue issue : issues.values()) {
      boolean labelled = !eq.containsKey("labels") || labels(issue).contains(eq.get("labels"));
      if (labelled && issue.created().isBefore(visible)) {
        found.add(Map.of("id", issue.id(), "key", issue.key(), "fields", Map.of()));
      }
    }
    return json(200, Map.of("issues", found, "isLast", true));
  }

  private static List<String> labels(Issue issue) {
    List<String> out = new ArrayList<>();
    issue.fields().path("labels").forEach(l -> out.add(l.asString()));
    return out;
  }

  synchronized Answer create(JsonNode fields) {
    Map<String, String> errors = new LinkedHashMap<>();
    String project = fields.path("project").path("key").asString("");
    if (!project.equals(PROJECT)) {
      errors.put("project", "valid project is required");
    }
    String type = fields.path("issuetype").path("name").asString("");
    if (!ISSUE_TYPES.contains(type)) {
      errors.put("issuetype", "Specify a valid issue type");
    }
    String summary = fields.path("summary").asString("");
    if (summary.isBlank()) {
      errors.put("summary", "You must specify a summary of the issue.");
    } else if (summary.length() > 255) {
      errors.put("summary", "Summary must be less than 255 characters.");
    } else if (summary.contains("\n")) {
      errors.put("summary", "The summary is invalid because it contains newline characters.");
    }
    JsonNode description = fields.path("description");
    if (!description.isMissingNode() && !adf(description)) {
      errors.put(
          "description",
          "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
    }
    for (JsonNode label : fields.path("labels")) {
      if (label.asString("").contains(" ")) {
        errors.put(
            "labels", "The label '" + label.asString() + "' contains spaces which is invalid.");
      }
    }
    if (!errors.isEmpty()) {
      return error(400, List.of(), errors);
    }
    String id = Long.toString(ids.incrementAndGet());
    String key = PROJECT + "-" + (issues.size() + 1);
    issues.put(key, new Issue(id, key, fields, Instant.now(), new ConcurrentHashMap<>()));
    Duration delay = delayNextCreate;
    delayNextCreate = null;
    if (delay != null) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return json(201, Map.of("id", id, "key", key, "self", baseUrl + "/rest/api/3/issue/" + id));
  }

  Answer comment(String keyOrId, JsonNode request) {
    Issue issue =
        issues.values().stream()
            .filter(i -> i.key().equals(keyOrId) || i.id().equals(keyOrId))
            .findFirst()
            .orElse(null);
    if (issue == null) {
      return error(
          404, List.of("Issue does not exist or you do not have permission to see it."), Map.of());
    }
    if (!adf(request.path("body"))) {
      return error(400, List.of(), Map.of("comment", "Comment body can not be empty!"));
    }
    String id = Long.toString(commentIds.incrementAndGet());
    issue.comments().put(id, request.path("body"));
    String now = Instant.now().toString();
    return json(
        201,
        Map.of(
            "id",
            id,
            "self",
            baseUrl + "/rest/api/3/issue/" + issue.id() + "/comment/" + id,
            "author",
            Map.of("accountId", "5b10ac8d82e05b22cc7d4ef5", "displayName", "Hookyard bot"),
            "body",
            request.path("body"),
            "created",
            now,
            "updated",
            now));
  }

  /** An ADF document: {@code {"type": "doc", "version": 1, "content": [ … ]}} with some content. */
  private static boolean adf(JsonNode node) {
    return node.isObject()
        && "doc".equals(node.path("type").asString(""))
        && node.path("version").asInt(0) == 1
        && node.path("content").isArray()
        && !node.path("content").isEmpty();
  }

  static Answer error(int status, List<String> messages, Map<String, String> errors) {
    return json(status, Map.of("errorMessages", messages, "errors", errors));
  }

  static Answer json(int status, Object body) {
    return new Answer(
        status,
        Map.of("Content-Type", "application/json"),
        io.hookyard.schemas.json.Json.writeString(body));
  }
}
