package io.hookyard.app.support.vendor.jira;

import io.hookyard.app.support.vendor.VendorFake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
  private static final Pattern COMMENT = Pattern.compile("/rest/api/3/issue/([^/]+)/comment");
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final AtlassianOAuth oauth = new AtlassianOAuth();
  private final JiraIssues issues = new JiraIssues(baseUrl());
  private volatile String apiToken = API_TOKEN;

  /** On any free port, as the tests use it. */
  public JiraFake() {
    this(0);
  }

  /** On {@code port} of 127.0.0.1, as {@link #main} runs it. */
  public JiraFake(int port) {
    super(port);
  }

  /** One issue as stored: its fields as sent, when it was created, its comments' bodies by id. */
  public record Issue(
      String id, String key, JsonNode fields, Instant created, Map<String, JsonNode> comments) {}

  /** Issues by key. */
  public Map<String, Issue> issues() {
    return Map.copyOf(issues.issues);
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
    issues.delayNextCreate = delay;
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
    issues.indexLag = lag;
  }

  /** An issue created by the test, as if by a person. */
  public String createIssue(String summary) {
    return issues.add(summary);
  }

  @Override
  public synchronized void reset() {
    super.reset();
    issues.reset();
    oauth.reset();
    apiToken = API_TOKEN;
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
    if (call.method().equals("GET") && call.path().equals("/authorize")) {
      return JiraByHand.consent(call.query());
    }
    if (call.method().equals("GET") && call.path().equals("/_fake/issues")) {
      return JiraByHand.listing(issues.issues.values());
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
      return JiraIssues.error(
          401, List.of("Client must be authenticated to access this resource."), Map.of());
    }
    return rest(call, path);
  }

  private Answer rest(Call call, String path) {
    if (call.method().equals("GET") && path.equals("/rest/api/3/myself")) {
      return json(200, Map.of("accountId", "5b10ac8d82e05b22cc7d4ef5", "emailAddress", EMAIL));
    }
    if (call.method().equals("GET") && path.equals("/rest/api/3/search/jql")) {
      return issues.search(call);
    }
    if (call.method().equals("POST") && path.equals("/rest/api/3/issue")) {
      return issues.create(call.json().path("fields"));
    }
    Matcher comment = COMMENT.matcher(path);
    if (call.method().equals("POST") && comment.matches()) {
      return issues.comment(comment.group(1), call.json());
    }
    return JiraIssues.error(404, List.of("Not found: " + path), Map.of());
  }

  /**
   * Runs the fake on its own next to a Hookyard started by hand ({@code java -cp … JiraFake 9300}):
   * prints its URL, credentials, the settings Hookyard needs and the calls to make.
   */
  public static void main(String[] args) {
    JiraFake fake = new JiraFake(args.length > 0 ? Integer.parseInt(args[0]) : 9300);
    System.out.println(JiraByHand.instructions(fake.baseUrl()));
  }

  /** Base64 of {@code email:token}, for a test checking the header. */
  public static String basic(String email, String token) {
    return Base64.getEncoder()
        .encodeToString((email + ":" + token).getBytes(StandardCharsets.UTF_8));
  }
}
