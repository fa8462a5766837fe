package io.hookyard.dispatch.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.dispatch.support.ReceiverServer;
import io.hookyard.schemas.delivery.Attempt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The sender against a real HTTP server on a loopback port: what arrives, and what comes back. */
class WebhookSenderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String MESSAGE_ID = "msg_01jabcdefghjkmnpqrstvwxyz0";
  private static final String PAYLOAD =
      "{\"webhook_id\":\"msg_01jabcdefghjkmnpqrstvwxyz0\",\"event_type\":\"invoice.paid\","
          + "\"data\":{\"customer\":\"Zoë ✓ 🎉\",\"note\":\"  spaced  \"}}";

  private final String secret = newSecret();
  private final WebhookSigner signer = WebhookSigner.forSecret(secret);
  private final ReceiverServer server = new ReceiverServer();
  // Generous, so a loaded build machine never turns a good answer into a timeout; the timeout
  // itself is tested with its own short-fused sender.
  private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), 8);
  private final WebhookSender impatient = new WebhookSender(Duration.ofMillis(300), 8);

  @AfterEach
  void close() {
    sender.close();
    impatient.close();
    server.close();
  }

  @Test
  void sendsTheExactBodyWithStandardWebhooksHeadersThatVerify() {
    SendOutcome outcome = send(server.url("/hook"), Map.of("X-Env", "prod"));

    assertThat(outcome).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(server.received()).hasSize(1);
    ReceiverServer.Received request = server.received().get(0);
    assertThat(request.body()).isEqualTo(PAYLOAD.getBytes(StandardCharsets.UTF_8));
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).startsWith("Hookyard/");
    assertThat(request.header("webhook-id")).isEqualTo(MESSAGE_ID);
    assertThat(request.header("X-Webhook-ID")).isEqualTo(MESSAGE_ID);
    assertThat(request.header("webhook-timestamp")).matches("\\d{10}");
    assertThat(request.header("webhook-signature")).startsWith("v1,");
    assertThat(request.header("X-Env")).isEqualTo("prod");
    String received = new String(request.body(), StandardCharsets.UTF_8);
    assertThatCode(() -> new Webhook(secret).verify(received, request.headers()))
        .doesNotThrowAnyException();
  }

  @Test
  void anEndpointsOwnHeadersNeverReplaceTheSignedOnes() {
    send(
        server.url("/hook"),
        Map.of(
            "webhook-id", "msg_forged",
            "Webhook-Signature", "v1,forged",
            "Content-Type", "text/plain",
            "x-webhook-id", "forged",
            "X-Tenant", "acme"));

    ReceiverServer.Received request = server.received().get(0);
    assertThat(request.headers().keySet())
        .filteredOn(name -> name.equalsIgnoreCase("webhook-id"))
        .hasSize(1);
    assertThat(request.header("webhook-id")).isEqualTo(MESSAGE_ID);
    assertThat(request.header("X-Webhook-ID")).isEqualTo(MESSAGE_ID);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("X-Tenant")).isEqualTo("acme");
    String received = new String(request.body(), StandardCharsets.UTF_8);
    assertThatCode(() -> new Webhook(secret).verify(received, request.headers()))
        .doesNotThrowAnyException();
  }

  @Test
  void a2xxIsDeliveredWithTheResponseBody() {
    SendOutcome outcome = send(server.url("/hook"), Map.of());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SendOutcome.Delivered.class,
            d -> {
              assertThat(d.status()).isEqualTo(200);
              assertThat(d.responseBody()).isEqualTo("ok");
            });
  }

  @Test
  void a204WithoutBodyIsDelivered() {
    assertThat(send(server.url("/status/204/0"), Map.of()))
        .isInstanceOfSatisfying(
            SendOutcome.Delivered.class, d -> assertThat(d.status()).isEqualTo(204));
  }

  @Test
  void a500IsRejectedWithTheFirstKibibyteOfItsBody() {
    SendOutcome outcome = send(server.url("/status/500/5000"), Map.of());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SendOutcome.Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(500);
              assertThat(r.error()).isEqualTo("http_500");
              assertThat(r.responseBody()).isEqualTo("x".repeat(Attempt.MAX_RESPONSE_BODY));
            });
  }

  @Test
  void aHugeBodyIsCutAtTheKibibyteWithoutWaitingForTheRest() {
    SendOutcome outcome = send(server.url("/status/200/4194304"), Map.of());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SendOutcome.Delivered.class,
            d -> assertThat(d.responseBody()).hasSize(Attempt.MAX_RESPONSE_BODY));
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() {
    SendOutcome outcome = send(server.url("/redirect"), Map.of());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SendOutcome.Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(302);
              assertThat(r.error()).isEqualTo("redirect_not_followed");
            });
    assertThat(server.targetCalls()).isZero();
  }

  @Test
  void moreRequestsToOneHostThanItsConnectionsWaitForOneInsteadOfFailing() {
    // one host behind many endpoints (a SaaS's webhook intake, 1,000 tenants' endpoints on it)
    // gets a burst several times its connection limit: the surplus waits for a connection within
    // the attempt's deadline; none fails before it was even sent
    try (WebhookSender two = new WebhookSender(WAIT, 2)) {
      List<SendOutcome> outcomes =
          Flux.range(0, 20)
              .flatMap(
                  i ->
                      two.send(
                          new WebhookSender.Request(
                              server.url("/slow/100"), Map.of(), MESSAGE_ID, PAYLOAD),
                          signer),
                  20)
              .collectList()
              .block(WAIT.multipliedBy(2));

      assertThat(outcomes).hasSize(20).allMatch(SendOutcome.Delivered.class::isInstance);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    SendOutcome outcome =
        impatient
            .send(
                new WebhookSender.Request(server.url("/hang"), Map.of(), MESSAGE_ID, PAYLOAD),
                signer)
            .block(WAIT);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class, u -> assertThat(u.error()).isEqualTo("timeout"));
  }

  @Test
  void aClosedPortIsARefusedConnection() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    assertThat(send(URI.create("http://127.0.0.1:" + port + "/hook"), Map.of()))
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class,
            u -> assertThat(u.error()).isEqualTo("connection_refused"));
  }

  @Test
  void aUrlThatIsNotHttpIsNeverCalled() {
    assertThat(send(URI.create("ftp://127.0.0.1/hook"), Map.of()))
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class, u -> assertThat(u.error()).isEqualTo("invalid_url"));
  }

  private SendOutcome send(URI url, Map<String, String> headers) {
    return sender
        .send(new WebhookSender.Request(url, headers, MESSAGE_ID, PAYLOAD), signer)
        .block(WAIT);
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
