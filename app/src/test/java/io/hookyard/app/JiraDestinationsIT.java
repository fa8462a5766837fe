package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.JIRA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.jira.JiraFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Jira destinations end to end against one embedded Hookyard and a loopback Jira Cloud ({@link
 * JiraFake}): the exact REST v3 calls with ADF text, the issue key and comment id in the attempt
 * log, Jira's 429 and 503 waited out, no second issue when a create's answer was lost, refusals
 * dead-lettered once, an API token that stops working holding deliveries until it is replaced, and
 * OAuth 2.0 (3LO) through Atlassian's gateway with rotating refresh tokens.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JiraDestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SITE = "https://acme.atlassian.net";

  private final JiraFake jira = new JiraFake(SharedHookyard.port(JIRA));
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @BeforeEach
  void resetFake() {
    jira.reset();
  }

  @AfterAll
  void stop() {
    jira.close();
  }

  @Test
  void createIssueSendsTheEventAsAnAdfDescriptionAndRecordsTheIssueKey() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(tenant, basicConnection(tenant, JiraFake.API_TOKEN), "create_issue", "");
    Map<String, Object> data = new java.util.LinkedHashMap<>(); // the description keeps its order
    data.put("id", "inv_j1");
    data.put("customer_id", "cus_1");
    data.put("amount", 1200);
    data.put("currency", "EUR");
    ApiClient.Response published =
        tenant.post(
            "/api/v1/events",
            Json.writeString(Map.of("type", "invoice.paid", "subject", "inv_j1", "data", data)));
    assertThat(published.status()).as(published.toString()).isEqualTo(202);

    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(201);
    assertThat(attempt.path("vendor_object_id").asString()).isEqualTo("OPS-1");

    VendorFake.Call search = jira.searchCalls().get(0);
    assertThat(search.path()).isEqualTo("/rest/api/3/search/jql");
    assertThat(search.header("authorization"))
        .isEqualTo("Basic " + JiraFake.basic(JiraFake.EMAIL, JiraFake.API_TOKEN));
    List<VendorFake.Call> creates = jira.createCalls();
    assertThat(creates).hasSize(1);
    VendorFake.Call create = creates.get(0);
    assertThat(create.path()).isEqualTo("/rest/api/3/issue");
    assertThat(create.header("authorization"))
        .isEqualTo("Basic " + JiraFake.basic(JiraFake.EMAIL, JiraFake.API_TOKEN));
    JsonNode fields = create.json().path("fields");
    String label = fields.path("labels").path(0).asString();
    assertThat(label).startsWith("hookyard-msg_");
    assertThat(search.query()).contains("labels%20%3D%20%22" + label + "%22");
    assertThat(fields)
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"project\":{\"key\":\"OPS\"},\"issuetype\":{\"name\":\"Task\"},"
                        + "\"summary\":\"invoice.paid inv_j1\","
                        + "\"description\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"id: inv_j1\"},{\"type\":\"hardBreak\"},"
                        + "{\"type\":\"text\",\"text\":\"customer_id: cus_1\"},{\"type\":\"hardBreak\"},"
                        + "{\"type\":\"text\",\"text\":\"amount: 1200\"},{\"type\":\"hardBreak\"},"
                        + "{\"type\":\"text\",\"text\":\"currency: EUR\"}]}]},"
                        + "\"labels\":[\""
                        + label
                        + "\"]}"));
  }

  @Test
  void addCommentPostsTheTransformsBodyToTheIssueAndRecordsTheCommentId() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String issue = jira.createIssue("Customer cus_1 escalation");
    String endpoint =
        endpoint(
            tenant,
            basicConnection(tenant, JiraFake.API_TOKEN),
            "add_comment",
            ",\"transform\":\"{'issue_key': '"
                + issue
                + "', 'body': 'Invoice ' & data.id & ' was paid.'}\"");
    DispatchScenario.publishInvoice(tenant, "inv_c1");

    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(201);
    Map<String, JsonNode> comments = jira.issues().get(issue).comments();
    assertThat(comments).hasSize(1);
    assertThat(attempt.path("vendor_object_id").asString())
        .isEqualTo(comments.keySet().iterator().next());
    List<VendorFake.Call> posts = jira.calls("POST", "/rest/api/3/issue/" + issue + "/comment");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).json())
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"body\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Invoice inv_c1 was paid.\"}]}]}}"));
  }

  @Test
  void jiras429AndA503WithRetryAfterAreWaitedOutInTheSameTry() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(tenant, basicConnection(tenant, JiraFake.API_TOKEN), "create_issue", "");
    jira.throttleNext(1, "jira-burst-based");
    jira.unavailableNext(1);
    DispatchScenario.publishInvoice(tenant, "inv_t1");

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt())
        .as("the waits were the same try")
        .isEqualTo(1);
    assertThat(jira.searchCalls()).hasSize(3);
    assertThat(jira.issues()).hasSize(1);
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).isEmpty();
  }

  @Test
  void a429WithoutRetryAfterIsWaitedOutForTheDefaultNotFailed() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(tenant, basicConnection(tenant, JiraFake.API_TOKEN), "create_issue", "");
    jira.failNext(
        429,
        Map.of("Content-Type", "application/json"),
        "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}");
    DispatchScenario.publishInvoice(tenant, "inv_t2");

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt()).as("held, not a failed try").isEqualTo(1);
    assertThat(jira.searchCalls()).hasSize(2);
    assertThat(jira.issues()).hasSize(1);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundByItsLabelNotCreatedTwice() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint =
        endpoint(tenant, basicConnection(tenant, JiraFake.API_TOKEN), "create_issue", "");
    jira.delayNextCreate(
        Duration.ofSeconds(3)); // past the 2 s deadline; Jira created it all the same
    DispatchScenario.publishInvoice(tenant, "inv_lost_answer");

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts.get(1).path("error").asString()).isEqualTo("timeout");
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("vendor_object_id").asString()).isEqualTo("OPS-1");
    assertThat(jira.createCalls()).as("the retry searched and found it").hasSize(1);
    assertThat(jira.searchCalls()).hasSize(2);
    assertThat(jira.issues()).containsOnlyKeys("OPS-1");
  }

  @Test
  void refusalsAreDeadLetteredAfterOneAttemptInJirasWords() throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection = basicConnection(tenant, JiraFake.API_TOKEN);
    String badType =
        endpoint(
            tenant,
            connection,
            "create_issue",
            "",
            "{\"project_key\":\"OPS\",\"issue_type\":\"Epic\"}");
    String noIssue =
        endpoint(
            tenant,
            connection,
            "add_comment",
            ",\"transform\":\"{'issue_key': 'OPS-404', 'body': 'Paid'}\"");
    DispatchScenario.publishInvoice(tenant, "inv_r1");

    await()
        .atMost(WAIT)
        .until(
            () ->
                DispatchScenario.deadLetters(tenant, badType).size() == 1
                    && DispatchScenario.deadLetters(tenant, noIssue).size() == 1);
    Thread.sleep(2_000); // the schedule would have retried after 1 s
    List<JsonNode> created = DispatchScenario.attempts(tenant, badType);
    assertThat(created).hasSize(1);
    assertThat(created.get(0).path("status_code").asInt()).isEqualTo(400);
    assertThat(created.get(0).path("error").asString())
        .isEqualTo("http_400: Jira refused the issue: issuetype: Specify a valid issue type");
    List<JsonNode> commented = DispatchScenario.attempts(tenant, noIssue);
    assertThat(commented).hasSize(1);
    assertThat(commented.get(0).path("status_code").asInt()).isEqualTo(404);
    assertThat(commented.get(0).path("error").asString())
        .isEqualTo(
            "http_404: Jira refused the comment (it does not exist, or the account cannot see it):"
                + " Issue does not exist or you do not have permission to see it.");
    assertThat(jira.createCalls()).hasSize(1);
    assertThat(jira.issues()).isEmpty();
  }

  @Test
  void aRevokedApiTokenHoldsDeliveriesUntilTheConnectionGetsANewOne() throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String connection = basicConnection(tenant, JiraFake.API_TOKEN);
    String endpoint = endpoint(tenant, connection, "create_issue", "");
    jira.acceptApiToken("ATATT3xFfGF0-rotated");
    DispatchScenario.publishInvoice(tenant, "inv_held");

    await()
        .atMost(WAIT)
        .until(
            () ->
                tenant
                    .get("/api/v1/connections/" + connection)
                    .body()
                    .path("status")
                    .asString()
                    .equals("authorization_required"));
    Thread.sleep(3_000); // a look again after the 2 s wait finds it still waiting
    assertThat(DispatchScenario.attempts(tenant, endpoint)).as("held, not failed").isEmpty();
    assertThat(jira.issues()).isEmpty();

    ApiClient.Response fixed =
        tenant.patch(
            "/api/v1/connections/" + connection,
            "{\"auth\":{\"email\":\""
                + JiraFake.EMAIL
                + "\",\"api_token\":\"ATATT3xFfGF0-rotated\"}}");
    assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(jira.issues()).hasSize(1);
  }

  @Test
  void anOAuthConnectionCallsTheGatewayAndRefreshesWithRotatingRefreshTokens() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    ApiClient.Response created =
        tenant.post(
            "/api/v1/connections",
            "{\"vendor\":\"jira\",\"auth\":{\"client_id\":\""
                + JiraFake.CLIENT_ID
                + "\",\"client_secret\":\""
                + JiraFake.CLIENT_SECRET
                + "\",\"scope\":\"read:jira-work write:jira-work offline_access\"},"
                + "\"settings\":{\"site_url\":\""
                + SITE
                + "\",\"cloud_id\":\""
                + JiraFake.CLOUD_ID
                + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String connection = created.body().path("id").asString();
    String location =
        tenant.get("/api/v1/connections/" + connection + "/authorize").header("Location");
    assertThat(location).contains("scope=").contains("client_id=" + JiraFake.CLIENT_ID);
    String state =
        UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("state");
    ApiClient.Response done =
        new ApiClient(hookyard.baseUrl(), null)
            .get("/oauth/callback?code=" + JiraFake.CODE + "&state=" + state);
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    String endpoint = endpoint(tenant, connection, "create_issue", "");

    DispatchScenario.publishInvoice(tenant, "inv_o1");
    awaitAttempts(tenant, endpoint, 1);
    String gateway = "/ex/jira/" + JiraFake.CLOUD_ID + "/rest/api/3/issue";
    assertThat(jira.calls("POST", gateway)).hasSize(1);
    assertThat(jira.calls("POST", gateway).get(0).header("authorization")).startsWith("Bearer ");

    for (int i = 2; i <= 3; i++) {
      jira.expireAccessTokens(); // an hour passes
      DispatchScenario.publishInvoice(tenant, "inv_o" + i);
      awaitAttempts(tenant, endpoint, i);
    }
    List<JsonNode> attempts = DispatchScenario.attempts(tenant, endpoint);
    assertThat(attempts).hasSize(3).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(jira.refreshes()).as("one refresh per expiry").isEqualTo(2);
    assertThat(jira.reusedRefreshTokens())
        .as("each refresh used the newest refresh token")
        .isZero();
    assertThat(jira.issues()).hasSize(3);
    assertThat(jira.calls().stream().filter(c -> c.path().startsWith("/rest/")))
        .as("an OAuth connection never calls the site directly")
        .isEmpty();
  }

  private static String basicConnection(ApiClient tenant, String apiToken) {
    ApiClient.Response created =
        tenant.post(
            "/api/v1/connections",
            "{\"vendor\":\"jira\",\"auth\":{\"email\":\""
                + JiraFake.EMAIL
                + "\",\"api_token\":\""
                + apiToken
                + "\"},\"settings\":{\"site_url\":\""
                + SITE
                + "\"}}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body().toString()).doesNotContain(apiToken);
    return created.body().path("id").asString();
  }

  private static String endpoint(ApiClient tenant, String connection, String action, String more) {
    return endpoint(
        tenant,
        connection,
        action,
        more,
        action.equals("create_issue") ? "{\"project_key\":\"OPS\"}" : null);
  }

  /**
   * A Jira destination for {@code invoice.paid}; {@code more} adds members (",\"transform\":…").
   */
  private static String endpoint(
      ApiClient tenant, String connection, String action, String more, String settings) {
    String body =
        "{\"type\":\"jira\",\"connection_id\":\""
            + connection
            + "\",\"action\":\""
            + action
            + "\""
            + (settings == null ? "" : ",\"settings\":" + settings)
            + ",\"retry_schedule\":[\"PT1S\",\"PT1S\"],\"event_types\":[\"invoice.paid\"]"
            + more
            + "}";
    ApiClient.Response created = tenant.post("/api/v1/endpoints", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** The endpoint's attempts (newest first) once there are {@code n}. */
  private static List<JsonNode> awaitAttempts(ApiClient tenant, String endpoint, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(tenant, endpoint).size() >= n);
    return DispatchScenario.attempts(tenant, endpoint);
  }
}
