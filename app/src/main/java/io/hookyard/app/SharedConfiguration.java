package io.hookyard.app;

import io.hookyard.http.auth.ApiKeys;
import io.hookyard.http.auth.OperatorKey;
import io.hookyard.schemas.catalog.EventCatalog;
import io.hookyard.schemas.config.TokenRefreshRequest;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.topic.Topics;
import io.hookyard.schemas.view.ConfigView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every role shares: where Kafka is (its topics created first), the config view, the key that
 * seals secrets, the operator key, and the event catalog. Keys not given in the environment are
 * generated once into the data folder.
 */
@Configuration(proxyBeanMethods = false)
class SharedConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SharedConfiguration.class);
  private final Path dataDir;

  SharedConfiguration(@Value("${hookyard.data-dir:./hookyard-data}") Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath();
  }

  @Bean
  KafkaConnection kafkaConnection(
      @Value("${hookyard.kafka.bootstrap-servers}") String servers,
      @Value("${hookyard.events.retention:P7D}") Duration eventsRetention) {
    KafkaConnection kafka = new KafkaConnection(servers);
    TopicCreator.createMissing(kafka, eventsRetention);
    return kafka;
  }

  @Bean(destroyMethod = "close")
  ConfigView configView(KafkaConnection kafka)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigView view = new ConfigView(kafka, "hookyard-config-view").start();
    view.catchUp(Duration.ofSeconds(60)).get();
    return view;
  }

  /** The key ring sealing secrets at rest; see {@link EncryptionKeys}. */
  @Bean
  SecretBox secretBox(
      @Value("${hookyard.encryption-key:}") String key,
      @Value("${hookyard.encryption-previous-keys:}") String previousKeys,
      @Value("${hookyard.embedded:false}") boolean embedded) {
    EncryptionKeys.Loaded loaded = EncryptionKeys.load(dataDir, key, previousKeys, embedded);
    loaded.warning().ifPresent(log::warn);
    log.info(
        "secrets are sealed with key {}; keys that open: {}",
        loaded.box().keyId(),
        loaded.box().keyIds());
    return loaded.box();
  }

  @Bean
  OperatorKey operatorKey(@Value("${hookyard.admin-key:}") String key) {
    String value =
        key.isBlank()
            ? KeyFile.readOrCreate(dataDir.resolve("operator.key"), ApiKeys::newKey)
            : key;
    return new OperatorKey(value);
  }

  /** One budget per vendor connection, shared by this process's syncs and destinations. */
  @Bean
  ConnectionBudgets connectionBudgets() {
    return new ConnectionBudgets(Clock.systemUTC());
  }

  /** Vendor tokens for syncs and destinations, refreshed through control's refresher. */
  @Bean(destroyMethod = "")
  ConnectionTokens connectionTokens(
      ConfigView view, SecretBox box, KafkaProducer<String, TokenRefreshRequest> refreshProducer) {
    return new ConnectionTokens(
        view, box, refreshProducer, Duration.ofSeconds(60), Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  KafkaProducer<String, TokenRefreshRequest> tokenRefreshProducer(KafkaConnection kafka) {
    return new KafkaProducer<>(
        kafka.producer("hookyard-token-refresh"),
        Topics.CONNECTION_REFRESH.keySerde().serializer(),
        Topics.CONNECTION_REFRESH.valueSerde().serializer());
  }

  @Bean
  EventCatalog eventCatalog() {
    return EventCatalog.builtIn();
  }
}
