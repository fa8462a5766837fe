package io.hookyard.app.support.vendor.jira;

import io.hookyard.app.support.vendor.VendorFake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
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
 * Jira Cloud's REST v3 on loopback, from vendors.md §13 and §20.5: create issue, add comment, JQL
 * search ({@code /rest/api/3/search/jql}), {@code /myself}; and Atlassian's 3LO token endpoint
 * ({@link AtlassianOAuth}) at {@code /oauth/token}.
 *
 * <ul>
 *   <li>Auth: {@code /rest/api/3/...} is the site, with {@code Authorization: Basic
 *       base64(email:api_token)}; {@code /ex/jira/{cloud_id}/rest/api/3/...} is Atlassian's
 *       gateway, with an OAuth bearer token. A wrong token is 401.
 *   <li>Create validates as Jira does: the project and issue type must exist, the summary must be
 *       set (at most 255 characters, one line), the description must be an ADF document, labels
 *       hold no spaces; errors as {@code {"errorMessages": [], "errors": {"field": "message"}}}.
 *       201 {@code {"id", "key", "self"}}.
 *   <li>Search is eventually consistent: an issue shows up {@link #indexLag} after it was created.
 *   <li>{@link #throttleNext}: 429 with {@code Retry-After}, {@code X-RateLimit-Limit}/{@code
 *       -Remaining}/{@code -Reset} (ISO minute) and {@code RateLimit-Reason}; {@link
 *       #unavailableNext}: 503 with {@code Retry-After}.
 * </ul>
 */
public final class JiraFake extends VendorFake {
  public static final String EMAIL = "bot@acme.example";
  public static final String API_TOKEN = "ATATT3xFfGF0-test-token";
  public static final String CLOUD_ID = "11223344-a1b2-4b7a-9c3e-556677889900";
  public static final String CLIENT_ID = "jira-3lo-client";
  public static final String CLIENT_SECRET = "jira-3lo-secret";
  public static final String CODE = "jira-auth-code";
  public static final String PROJECT = "OPS";
  private static final Set<String> ISSUE_TYPES = Set.of("Task", "Bug", "Story");
  private static final Pattern COMMENT = Pattern.compile("/rest/api/3/issue/([^/]+)/comment");
  private static final Pattern JQL_EQ = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final AtlassianOAuth oauth = new AtlassianOAuth();
  private final AtomicLong ids = new AtomicLong(10000);
  private final AtomicLong commentIds = new AtomicLong(20000);
  private final Map<String, Issue> issues = new ConcurrentHashMap<>();
  private volatile String apiToken = API_TOKEN;
  private volatile Duration indexLag = Duration.ofMillis(300);
  private volatile Duration delayNextCreate;

  /** One issue as stored: its fields as sent, when it was created, its comments' bodies by id. */
  public record Issue(
      String id, String key, JsonNode fields, Instant created, Map<String, JsonNode> comments) {}

  /** Issues by key. */
  public Map<String, Issue> issues() {
    return Map.copyOf(issues);
  }

  /** From now on only {@code token} is the account's API token (the old one was revoked). */
  public void acceptApiToken(String token) {
    this.apiToken = token;
  }

  /** Every OAuth access token issued so far stops working, as after its hour. */
  public void expireAccessTokens() {
    oauth.expireAccessTokens();
  }

  public int refreshes() {
    return oauth.refreshes();
  }

  public int reusedRefreshTokens() {
    return oauth.reusedRefreshTokens();
  }

  /**
   * The next create takes effect at once but is answered only after {@code delay}: past the
   * caller's deadline, a lost answer the caller cannot tell from a failure.
   */
  public void delayNextCreate(Duration delay) {
    this.delayNextCreate = delay;
  }

  /** Create calls, through the site or the gateway. */
  public List<Call> createCalls() {
    return calls().stream()
        .filter(c -> c.method().equals("POST") && c.path().endsWith("/rest/api/3/issue"))
        .toList();
  }

  /** Search calls, through the site or the gateway. */
  public List<Call> searchCalls() {
    return calls().stream().filter(c -> c.path().endsWith("/rest/api/3/search/jql")).toList();
  }

  /** How long a new issue stays out of search results. */
  public void indexLag(Duration lag) {
    this.indexLag = lag;
  }

  /** An issue created by the test, as if by a person. */
  public synchronized String createIssue(String summary) {
    String id = Long.toString(ids.incrementAndGet());
    String key = PROJECT + "-" + (issues.size() + 1);
    var fields = io.hookyard.schemas.json.Json.mapper().createObjectNode().put("summary", summary);
    issues.put(key, new Issue(id, key, fields, Instant.now(), new ConcurrentHashMap<>()));
    return key;
  }

  @Override
  public synchronized void reset() {
    super.reset();
    issues.clear();
    oauth.reset();
    apiToken = API_TOKEN;
    indexLag = Duration.ofMillis(300);
    delayNextCreate = null;
  }

  /** The next call is throttled: 429 with Jira's headers. */
  public void throttleNext(int retryAfterSeconds, String reason) {
    Instant reset = Instant.now().plusSeconds(retryAfterSeconds).truncatedTo(ChronoUnit.MINUTES);
    failNext(
        429,
        Map.of(
            "Retry-After",
            Integer.toString(retryAfterSeconds),
            "X-RateLimit-Limit",
            "100",
            "X-RateLimit-Remaining",
            "0",
            "X-RateLimit-Reset",
            RESET.format(reset.plus(1, ChronoUnit.MINUTES)),
            "RateLimit-Reason",
            reason,
            "Content-Type",
            "application/json"),
        "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}");
  }

  /** The next call answers 503 with {@code Retry-After}, as Jira does under load. */
  public void unavailableNext(int retryAfterSeconds) {
    failNext(
        503,
        Map.of("Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "text/html"),
        "<html><body>Service Unavailable</body></html>");
  }

  @Override
  protected Answer answer(Call call) {
    if (call.path().equals("/oauth/token") && call.method().equals("POST")) {
      return oauth.grant(call.header("content-type"), call.body());
    }
    String path = call.path();
    if (path.startsWith("/ex/jira/")) {
      String rest = path.substring("/ex/jira/".length());
      int slash = rest.indexOf('/');
      String cloud = slash < 0 ? rest : rest.substring(0, slash);
      if (!cloud.equals(CLOUD_ID)) {
        return json(404, Map.of("errorMessages", List.of("Site not found"), "errors", Map.of()));
      }
      if (!oauth.valid(call.header("authorization"))) {
        return json(401, Map.of("code", 401, "message", "Unauthorized"));
      }
      return rest(call, slash < 0 ? "/" : rest.substring(slash));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString((EMAIL + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    if (!("Basic " + basic).equals(call.header("authorization"))) {
      return error(401, List.of("Client must be authenticated to access this resource."), Map.of());
    }
    return rest(call, path);
  }

  private Answer rest(Call call, String path) {
    if (call.method().equals("GET") && path.equals("/rest/api/3/myself")) {
      return json(200, Map.of("accountId", "5b10ac8d82e05b22cc7d4ef5", "emailAddress", EMAIL));
    }
    if (call.method().equals("GET") && path.equals("/rest/api/3/search/jql")) {
      return search(call);
    }
    if (call.method().equals("POST") && path.equals("/rest/api/3/issue")) {
      return create(call.json().path("fields"));
    }
    Matcher comment = COMMENT.matcher(path);
    if (call.method().equals("POST") && comment.matches()) {
      return comment(comment.group(1), call.json());
    }
    return error(404, List.of("Not found: " + path), Map.of());
  }

  private Answer search(Call call) {
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

  private synchronized Answer create(JsonNode fields) {
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
    return json(201, Map.of("id", id, "key", key, "self", baseUrl() + "/rest/api/3/issue/" + id));
  }

  private Answer comment(String keyOrId, JsonNode request) {
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
            baseUrl() + "/rest/api/3/issue/" + issue.id() + "/comment/" + id,
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

  private static Answer error(int status, List<String> messages, Map<String, String> errors) {
    return json(status, Map.of("errorMessages", messages, "errors", errors));
  }

  /** Base64 of {@code email:token}, for a test checking the header. */
  public static String basic(String email, String token) {
    return Base64.getEncoder()
        .encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
  }
}
