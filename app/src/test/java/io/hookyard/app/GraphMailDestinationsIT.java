package io.hookyard.app;

import static io.hookyard.app.support.SharedHookyard.Vendor.MS_GRAPH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookyard.app.support.ApiClient;
import io.hookyard.app.support.DispatchScenario;
import io.hookyard.app.support.RunningHookyard;
import io.hookyard.app.support.SharedHookyard;
import io.hookyard.app.support.vendor.VendorFake;
import io.hookyard.app.support.vendor.entra.EntraIdTokens;
import io.hookyard.app.support.vendor.msgraph.GraphMailFake;
import io.hookyard.schemas.json.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph {@code send_mail} end to end against one embedded Hookyard, a loopback Graph
 * ({@link GraphMailFake}) and Entra ID's token endpoint: the exact {@code sendMail} call with a
 * client-credentials token, Graph's 429 and 503 waited out, an expired token replaced once, a
 * refusal dead-lettered once, and a mail whose answer was lost never sent a second time.
 */
@SharedHookyard.Sharing
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphMailDestinationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRANSFORM =
      "{'subject': 'Invoice ' & data.id & ' paid', 'body': '<p>' & data.amount & ' ' &"
          + " data.currency & '</p>', 'content_type': 'HTML', 'to': ['ap@fabrikam.example'],"
          + " 'cc': 'cfo@fabrikam.example', 'save_to_sent_items': false}";

  private final GraphMailFake graph = new GraphMailFake(SharedHookyard.port(MS_GRAPH));
  private RunningHookyard hookyard;

  @BeforeAll
  void start() {
    hookyard = SharedHookyard.get();
  }

  @BeforeEach
  void resetFake() {
    graph.reset();
  }

  @AfterAll
  void stop() {
    graph.close();
  }

  @Test
  void sendMailPostsTheTransformsMessageAsTheMailbox() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    int grants = graph.entra().grants(); // tokens of other tests' connections
    String endpoint = endpoint(tenant, GraphMailFake.MAILBOX, TRANSFORM);
    DispatchScenario.publishInvoice(tenant, "inv_m1");

    JsonNode attempt = awaitAttempts(tenant, endpoint, 1).get(0);
    assertThat(attempt.path("status").asString()).isEqualTo("succeeded");
    assertThat(attempt.path("status_code").asInt()).isEqualTo(202);
    assertThat(attempt.path("vendor_object_id").asString(""))
        .as("Graph names no message")
        .isEmpty();
    List<VendorFake.Call> calls = graph.sendCalls();
    assertThat(calls).hasSize(1);
    VendorFake.Call call = calls.get(0);
    assertThat(call.path()).isEqualTo("/v1.0/users/" + GraphMailFake.MAILBOX + "/sendMail");
    assertThat(graph.entra().valid(call.header("authorization"))).isTrue();
    JsonNode body = call.json();
    String delivery =
        body.path("message").path("internetMessageHeaders").path(0).path("value").asString();
    assertThat(delivery).startsWith("msg_");
    assertThat(body)
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"message\":{\"subject\":\"Invoice inv_m1 paid\","
                        + "\"body\":{\"contentType\":\"HTML\",\"content\":\"<p>1200 EUR</p>\"},"
                        + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"ap@fabrikam.example\"}}],"
                        + "\"ccRecipients\":[{\"emailAddress\":{\"address\":\"cfo@fabrikam.example\"}}],"
                        + "\"internetMessageHeaders\":[{\"name\":\"x-hookyard-delivery\",\"value\":\""
                        + delivery
                        + "\"}]},\"saveToSentItems\":false}"));
    assertThat(graph.sent()).hasSize(1);
    assertThat(graph.entra().grants() - grants).as("one client-credentials grant").isEqualTo(1);
  }

  @Test
  void graphs429And503AreWaitedOutInTheSameTry() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint = endpoint(tenant, GraphMailFake.MAILBOX, TRANSFORM);
    graph.throttleNext(1);
    graph.unavailableNext(1);
    DispatchScenario.publishInvoice(tenant, "inv_m2");

    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 1);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asString()).isEqualTo("succeeded");
    assertThat(attempts.get(0).path("attempt").asInt()).isEqualTo(1);
    assertThat(graph.sendCalls()).hasSize(3);
    assertThat(graph.sent()).hasSize(1);
    assertThat(DispatchScenario.deadLetters(tenant, endpoint)).isEmpty();
  }

  @Test
  void anExpiredTokenIsReplacedOnceAndTheMailSent() {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    int grants = graph.entra().grants(); // tokens of other tests' connections
    String endpoint = endpoint(tenant, GraphMailFake.MAILBOX, TRANSFORM);
    DispatchScenario.publishInvoice(tenant, "inv_m3");
    awaitAttempts(tenant, endpoint, 1);

    graph.entra().expireTokens(); // its hour passed
    DispatchScenario.publishInvoice(tenant, "inv_m4");
    List<JsonNode> attempts = awaitAttempts(tenant, endpoint, 2);
    assertThat(attempts).hasSize(2).allMatch(a -> a.path("status").asString().equals("succeeded"));
    assertThat(graph.entra().grants() - grants)
        .as("the first token and its replacement")
        .isEqualTo(2);
    assertThat(graph.sendCalls())
        .extracting(c -> c.json().path("message").path("subject").asString())
        .containsExactly("Invoice inv_m3 paid", "Invoice inv_m4 paid", "Invoice inv_m4 paid");
    assertThat(graph.sent()).hasSize(2);
  }

  @Test
  void refusalsAreDeadLetteredAfterOneAttemptInGraphsWords() throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String badRecipient =
        endpoint(
            tenant,
            GraphMailFake.MAILBOX,
            "{'subject': 'Paid', 'body': data.id, 'to': 'accounts payable'}");
    String noMailbox = endpoint(tenant, "nobody@contoso.example", TRANSFORM);
    DispatchScenario.publishInvoice(tenant, "inv_m5");

    await()
        .atMost(WAIT)
        .until(
            () ->
                DispatchScenario.deadLetters(tenant, badRecipient).size() == 1
                    && DispatchScenario.deadLetters(tenant, noMailbox).size() == 1);
    Thread.sleep(2_000); // the schedule would have retried after 1 s
    List<JsonNode> recipient = DispatchScenario.attempts(tenant, badRecipient);
    assertThat(recipient).hasSize(1);
    assertThat(recipient.get(0).path("status_code").asInt()).isEqualTo(400);
    assertThat(recipient.get(0).path("error").asString())
        .isEqualTo(
            "ErrorInvalidRecipients: Graph refused the mail: At least one recipient is not valid.,"
                + " Recipient 'accounts payable' is not resolved. All recipients must be resolved"
                + " before a message can be submitted.");
    List<JsonNode> mailbox = DispatchScenario.attempts(tenant, noMailbox);
    assertThat(mailbox).hasSize(1);
    assertThat(mailbox.get(0).path("error").asString())
        .isEqualTo(
            "ErrorInvalidUser: Graph refused the mail (no such mailbox): The requested user"
                + " 'nobody@contoso.example' is invalid.");
    assertThat(graph.sendCalls()).hasSize(2);
    assertThat(graph.sent()).isEmpty();
  }

  @Test
  void aMailWhoseAnswerWasLostIsNotSentAgain() throws InterruptedException {
    ApiClient tenant = DispatchScenario.tenant(hookyard);
    String endpoint = endpoint(tenant, GraphMailFake.MAILBOX, TRANSFORM);
    graph.delayNext(Duration.ofSeconds(3)); // past the 2 s deadline; Graph sent it all the same
    DispatchScenario.publishInvoice(tenant, "inv_m6");

    await().atMost(WAIT).until(() -> DispatchScenario.deadLetters(tenant, endpoint).size() == 1);
    Thread.sleep(2_000); // the schedule would have retried after 1 s
    List<JsonNode> attempts = DispatchScenario.attempts(tenant, endpoint);
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("error").asString())
        .startsWith("mail_outcome_unknown: timeout after the request reached Graph");
    assertThat(graph.sendCalls()).hasSize(1);
    assertThat(graph.sent()).as("sent once, never twice").hasSize(1);
  }

  private String endpoint(ApiClient tenant, String from, String transform) {
    ApiClient.Response connection =
        tenant.post(
            "/api/v1/connections",
            "{\"vendor\":\"ms-graph\",\"auth\":{\"client_id\":\""
                + EntraIdTokens.CLIENT_ID
                + "\",\"client_secret\":\""
                + EntraIdTokens.CLIENT_SECRET
                + "\"},\"settings\":{\"tenant_id\":\""
                + EntraIdTokens.TENANT
                + "\"}}");
    assertThat(connection.status()).as(connection.toString()).isEqualTo(201);
    ApiClient.Response created =
        tenant.post(
            "/api/v1/endpoints",
            "{\"type\":\"ms-graph\",\"connection_id\":\""
                + connection.body().path("id").asString()
                + "\",\"action\":\"send_mail\",\"settings\":{\"from\":\""
                + from
                + "\"},\"retry_schedule\":[\"PT1S\",\"PT1S\"],\"event_types\":[\"invoice.paid\"],"
                + "\"transform\":\""
                + transform
                + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.body().path("id").asString();
  }

  /** The endpoint's attempts (newest first) once there are {@code n}. */
  private static List<JsonNode> awaitAttempts(ApiClient tenant, String endpoint, int n) {
    await().atMost(WAIT).until(() -> DispatchScenario.attempts(tenant, endpoint).size() >= n);
    return DispatchScenario.attempts(tenant, endpoint);
  }
}
