package io.hookyard.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookyard.dispatch.delivery.Dispatcher;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The role switch: dispatch's beans exist only when {@code hookyard.roles} names dispatch. */
class DispatchConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(AppBeans.class, DispatchConfiguration.class);

  @Test
  void offWhenTheRolesLeaveDispatchOut() {
    runner
        .withPropertyValues("hookyard.roles=ingest,control")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Dispatcher.class));
  }

  @Test
  void onByDefaultAndStartedWithTheContext() {
    runner
        .withPropertyValues("hookyard.dispatch.concurrency=4")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Dispatcher.class);
              assertThat(context.getBean(DispatchSettings.class).concurrency()).isEqualTo(4);
              assertThat(context.getBean(DispatchLifecycle.class).isRunning()).isTrue();
            });
  }

  /** What the application supplies; Kafka points at a closed port and is never reached. */
  @Configuration(proxyBeanMethods = false)
  static class AppBeans {
    @Bean
    KafkaConnection kafkaConnection() {
      return new KafkaConnection("127.0.0.1:9");
    }

    @Bean(destroyMethod = "close")
    ConfigView configView(KafkaConnection kafka) {
      return new ConfigView(kafka, "dispatch-test-config");
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
}
