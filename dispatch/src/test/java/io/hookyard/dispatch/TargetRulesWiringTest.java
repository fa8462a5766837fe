package io.hookyard.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.sending.SendOutcome;
import io.hookyard.dispatch.sending.WebhookSender;
import io.hookyard.dispatch.signing.WebhookSigner;
import io.hookyard.dispatch.support.ReceiverServer;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The role's webhook sender follows {@code hookyard.dispatch.allow-private-targets} (the property
 * control's create-time check reads too) and {@code hookyard.dispatch.https-only}, against a real
 * receiver on loopback.
 */
class TargetRulesWiringTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(AppBeans.class, DispatchConfiguration.class);
  private final ReceiverServer server = new ReceiverServer();
  private final WebhookSigner signer =
      WebhookSigner.forSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void byDefaultALoopbackEndpointIsBlockedAndNeverCalled() {
    runner.run(
        context ->
            assertThat(send(context.getBean(WebhookSender.class)))
                .isEqualTo(new Result("blocked_address", 0)));
  }

  @Test
  void allowingPrivateTargetsLetsItThrough() {
    runner
        .withPropertyValues("hookyard.dispatch.allow-private-targets=true")
        .run(
            context ->
                assertThat(send(context.getBean(WebhookSender.class)))
                    .isEqualTo(new Result("delivered", 1)));
  }

  @Test
  void httpsOnlyRefusesPlainHttp() {
    runner
        .withPropertyValues(
            "hookyard.dispatch.allow-private-targets=true", "hookyard.dispatch.https-only=true")
        .run(
            context ->
                assertThat(send(context.getBean(WebhookSender.class)))
                    .isEqualTo(new Result("https_required", 0)));
  }

  private record Result(String outcome, int received) {}

  /** What the application supplies; Kafka points at a closed port and is never reached. */
  @Configuration(proxyBeanMethods = false)
  static class AppBeans {
    @Bean
    KafkaConnection kafkaConnection() {
      return new KafkaConnection("127.0.0.1:9");
    }

    @Bean(destroyMethod = "close")
    ConfigView configView(KafkaConnection kafka) {
      return new ConfigView(kafka, "dispatch-target-rules-test");
    }

    @Bean
    SecretBox secretBox() {
      return SecretBox.fromBase64(SecretBox.newKey());
    }

    @Bean
    io.hookyard.schemas.connection.ConnectionBudgets connectionBudgets() {
      return new io.hookyard.schemas.connection.ConnectionBudgets(java.time.Clock.systemUTC());
    }

    @Bean
    io.hookyard.schemas.connection.ConnectionTokens connectionTokens(
        ConfigView configView, SecretBox secretBox) {
      return new io.hookyard.schemas.connection.ConnectionTokens(
          configView,
          secretBox,
          new org.apache.kafka.clients.producer.MockProducer<>(),
          java.time.Duration.ofSeconds(1),
          java.time.Clock.systemUTC());
    }
  }

  private Result send(WebhookSender sender) {
    SendOutcome outcome =
        sender
            .send(
                new WebhookSender.Request(
                    server.url("/hook"), Map.of(), "msg_01jabcdefghjkmnpqrstvwxyz0", "{}"),
                signer)
            .block(Duration.ofSeconds(10));
    String what =
        outcome instanceof SendOutcome.Unreachable u
            ? u.error()
            : outcome instanceof SendOutcome.Rejected r ? r.error() : "delivered";
    return new Result(what, server.received().size());
  }
}
