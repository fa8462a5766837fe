package io.hookyard.ingest.sync;

import io.hookyard.ingest.vendor.Pollers;
import io.hookyard.schemas.connection.ConnectionBudgets;
import io.hookyard.schemas.connection.ConnectionTokens;
import io.hookyard.schemas.kafka.KafkaConnection;
import io.hookyard.schemas.view.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SyncSettings.class, VendorUrls.class})
class SyncEngineConfiguration {

  @Bean
  SyncCoordinator syncCoordinator(
      KafkaConnection kafka,
      ConfigView view,
      ConnectionTokens tokens,
      ConnectionBudgets budgets,
      SyncSettings settings,
      VendorUrls urls,
      ObjectProvider<MeterRegistry> meters,
      @Value("${hookyard.data-dir:./hookyard-data}") Path dataDir,
      @Value("${hookyard.syncs.transactional-id:}") String transactionalId) {
    Clock clock = Clock.systemUTC();
    SyncMetrics metrics = new SyncMetrics(meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    return new SyncCoordinator(
        kafka,
        view,
        Pollers.all(),
        new VendorCallsFactory(urls, tokens, budgets, settings, Schedulers.parallel()),
        settings,
        metrics,
        transactionalId.isBlank() ? instanceTransactionalId(dataDir) : transactionalId,
        clock);
  }

  /**
   * {@code hookyard-syncs-<instance>}, the instance id kept in the data folder: a restarted process
   * takes the same id and so aborts at once a transaction its predecessor left open.
   */
  static String instanceTransactionalId(Path dataDir) {
    Path file = dataDir.toAbsolutePath().resolve("instance.id");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
      }
      return "hookyard-syncs-" + Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the instance id in " + file, e);
    }
  }
}
