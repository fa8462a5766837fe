package io.hookyard.dispatch.sending;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.dispatch.support.ReceiverServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard at delivery time, against a real receiver on loopback: what the sender refuses
 * never reaches the server, whether the URL names the address or a host that resolves to it.
 */
class TargetRulesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String MESSAGE_ID = "msg_01jabcdefghjkmnpqrstvwxyz0";
  private static final String PAYLOAD = "{\"event_type\":\"invoice.paid\"}";

  private final WebhookSigner signer =
      WebhookSigner.forSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private final ReceiverServer server = new ReceiverServer();
  private final WebhookSender guarded = sender(WebhookSender.TargetRules.publicOnly());
  private final WebhookSender open = sender(WebhookSender.TargetRules.unrestricted());
  private final WebhookSender httpsOnly = sender(new WebhookSender.TargetRules(true, true));

  @AfterEach
  void close() {
    guarded.close();
    open.close();
    httpsOnly.close();
    server.close();
  }

  @Test
  void aLoopbackAddressIsRefusedUnlessPrivateTargetsAreAllowed() {
    assertThat(send(guarded, server.url("/hook")))
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class, u -> assertThat(u.error()).isEqualTo("blocked_address"));
    assertThat(server.received()).isEmpty();

    assertThat(send(open, server.url("/hook"))).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void aHostNameResolvingToLoopbackIsRefusedAtConnectTime() {
    URI byName = URI.create("http://localhost:" + server.url("/hook").getPort() + "/hook");

    assertThat(send(guarded, byName))
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class, u -> assertThat(u.error()).isEqualTo("blocked_address"));
    assertThat(server.received()).isEmpty();
  }

  @Test
  void otherNonPublicAddressesAreRefusedWithoutConnecting() {
    for (String host : new String[] {"10.0.0.1", "169.254.169.254", "[::1]", "[fd00::1]"}) {
      assertThat(send(guarded, URI.create("http://" + host + "/hook")))
          .as(host)
          .isInstanceOfSatisfying(
              SendOutcome.Unreachable.class,
              u -> assertThat(u.error()).isEqualTo("blocked_address"));
    }
  }

  @Test
  void metadataAndLinkLocalAddressesAreRefusedEvenWherePrivateTargetsAreAllowed() {
    for (String host :
        new String[] {"169.254.169.254", "[fe80::1]", "[fd00:ec2::254]", "100.100.100.200"}) {
      assertThat(send(open, URI.create("http://" + host + "/latest/meta-data")))
          .as(host)
          .isInstanceOfSatisfying(
              SendOutcome.Unreachable.class,
              u -> assertThat(u.error()).isEqualTo("blocked_address"));
    }
    // the same sender still reaches loopback by name and by address
    URI byName = URI.create("http://localhost:" + server.url("/hook").getPort() + "/hook");
    assertThat(send(open, byName)).isInstanceOf(SendOutcome.Delivered.class);
    assertThat(send(open, server.url("/hook"))).isInstanceOf(SendOutcome.Delivered.class);
  }

  @Test
  void aPublicAddressIsNotBlocked() {
    // TEST-NET-3: public by its class, so the guard lets it through
    try (WebhookSender impatient =
        new WebhookSender(
            Duration.ofMillis(300), 8, WebhookSender.TargetRules.publicOnly(), Clock.systemUTC())) {
      SendOutcome outcome = send(impatient, URI.create("http://203.0.113.10/hook"));
      // what happens next depends on this machine's network (a timeout, or a proxy's answer)
      if (outcome instanceof SendOutcome.Unreachable u) {
        assertThat(u.error()).isNotEqualTo("blocked_address");
      }
    }
  }

  @Test
  void httpsOnlyRefusesPlainHttpWithoutSending() {
    assertThat(send(httpsOnly, server.url("/hook")))
        .isInstanceOfSatisfying(
            SendOutcome.Unreachable.class, u -> assertThat(u.error()).isEqualTo("https_required"));
    assertThat(server.received()).isEmpty();
  }

  private SendOutcome send(WebhookSender sender, URI url) {
    return sender
        .send(new WebhookSender.Request(url, Map.of(), MESSAGE_ID, PAYLOAD), signer)
        .block(WAIT);
  }

  private static WebhookSender sender(WebhookSender.TargetRules rules) {
    return new WebhookSender(Duration.ofSeconds(5), 8, rules, Clock.systemUTC());
  }
}
